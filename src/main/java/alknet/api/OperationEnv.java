package alknet.api;

import io.vertx.core.Future;

/**
 * Calls other operations without knowing where they run (30-call-protocol.md section 4): in this JVM, over the
 * event bus at {@code alknet.svc.<namespace>}, or on another node over a control channel; the node's assembly
 * chooses per namespace. The env a handler receives makes nested calls: they carry its request id as
 * {@code parentRequestId}, run with its caller's identity, end by its deadline and are aborted with it.
 */
public interface OperationEnv {
    /** Calls {@code /namespace/operation}. */
    Future<Object> invoke(String namespace, String operation, Object input, CallOptions options);

    CallSubscription subscribe(String namespace, String operation, Object input, CallOptions options);

    default Future<Object> invoke(String namespace, String operation, Object input) {
        return invoke(namespace, operation, input, CallOptions.DEFAULT);
    }

    default CallSubscription subscribe(String namespace, String operation, Object input) {
        return subscribe(namespace, operation, input, CallOptions.DEFAULT);
    }
}
