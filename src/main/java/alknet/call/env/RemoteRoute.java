package alknet.call.env;

import alknet.api.Identity;
import alknet.call.CallConnection;
import alknet.api.CallErrorCode;
import alknet.api.CallFailure;
import alknet.api.CallOptions;
import alknet.api.CallSubscription;
import alknet.call.operation.EventStream;
import alknet.call.operation.Route;
import io.vertx.core.Future;

import java.util.function.Supplier;

/**
 * Calls a namespace on another node over a control connection (30-call-protocol.md section 4, path 3). The
 * remote node runs the call as the connection's authenticated identity, not as {@code caller}; the call still
 * carries the parent id and is aborted with its parent. {@code prefix} is put before the operation id, e.g.
 * {@code /w1} to reach a worker through a head.
 */
public final class RemoteRoute implements Route {
    private final Supplier<CallConnection> connection;
    private final String prefix;

    /** @param connection the current connection, or null while there is none (calls fail UNAVAILABLE) */
    public RemoteRoute(Supplier<CallConnection> connection, String prefix) {
        this.connection = connection;
        this.prefix = prefix == null ? "" : prefix;
    }

    public RemoteRoute(CallConnection connection) {
        this(() -> connection, "");
    }

    @Override
    public Future<Object> invoke(Identity caller, String operationId, Object input, CallOptions options) {
        CallConnection current = connection.get();
        if (current == null || !current.isOpen()) {
            return Future.failedFuture(unavailable());
        }
        return current.call(prefix + operationId, input, options);
    }

    @Override
    public CallSubscription subscribe(Identity caller, String operationId, Object input, CallOptions options) {
        CallConnection current = connection.get();
        if (current == null || !current.isOpen()) {
            EventStream failed = new EventStream("", 1, f -> {});
            failed.fail(unavailable());
            return failed;
        }
        return current.subscribe(prefix + operationId, input, options);
    }

    private static CallFailure unavailable() {
        return CallFailure.of(CallErrorCode.UNAVAILABLE, "no connection to the remote node right now; retry later");
    }
}
