package alknet.api;

import io.vertx.core.Future;

/**
 * The other end of one call-protocol connection (30-call-protocol.md section 2): its operations can be called, and
 * its subscriptions streamed, over the same SSH session that carries the tunnels (or a raw carrier).
 */
public interface CallPeer {
    /** Who the peer authenticated as; calls from it run as this identity. */
    Identity identity();

    Future<Object> call(String operationId, Object input, CallOptions options);

    default Future<Object> call(String operationId, Object input) {
        return call(operationId, input, CallOptions.DEFAULT);
    }

    CallSubscription subscribe(String operationId, Object input, CallOptions options);

    default CallSubscription subscribe(String operationId, Object input) {
        return subscribe(operationId, input, CallOptions.DEFAULT);
    }

    boolean isOpen();

    /** Completes once the connection is closed and every call on it has ended. */
    Future<Void> closed();
}
