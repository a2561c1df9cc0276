package alknet.call.registry;

import alknet.api.Identity;
import alknet.api.AbortSignal;
import alknet.api.CallOptions;
import alknet.api.CallSubscription;
import alknet.api.OperationEnv;
import io.vertx.core.Future;

/**
 * The env of one call (or of no call, for root use): nested calls keep the caller's identity, name this call as
 * parent, end by its deadline and are aborted with it (30-call-protocol.md section 4).
 */
final class RoutedOperationEnv implements OperationEnv {
    private final OperationRoutes routes;
    private final Identity caller;
    private final String requestId;
    private final AbortSignal abort;
    private final long deadline;

    RoutedOperationEnv(OperationRoutes routes, Identity caller, String requestId, AbortSignal abort, long deadline) {
        this.routes = routes;
        this.caller = caller;
        this.requestId = requestId;
        this.abort = abort;
        this.deadline = deadline;
    }

    @Override
    public Future<Object> invoke(String namespace, String operation, Object input, CallOptions options) {
        return routes.routeFor(namespace).invoke(caller, operationId(namespace, operation), input, nested(options));
    }

    @Override
    public CallSubscription subscribe(String namespace, String operation, Object input, CallOptions options) {
        return routes.routeFor(namespace).subscribe(caller, operationId(namespace, operation), input, nested(options));
    }

    private CallOptions nested(CallOptions options) {
        return requestId == null ? options : options.parent(requestId, abort).deadlineAtMost(deadline);
    }

    /** {@code ("fs", "readFile")} and {@code ("fs", "/readFile")} both name {@code /fs/readFile}. */
    static String operationId(String namespace, String operation) {
        return "/" + namespace + (operation.startsWith("/") ? operation : "/" + operation);
    }
}
