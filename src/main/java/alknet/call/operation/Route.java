package alknet.call.operation;

import alknet.api.CallSubscription;
import alknet.api.CallOptions;
import alknet.api.Identity;
import io.vertx.core.Future;

/**
 * One way to reach the operations of a namespace (30-call-protocol.md section 4): local handlers, the event bus,
 * or a remote node. {@code caller} is the identity the call runs with where the route can carry it (a remote
 * node always sees its session's identity instead).
 */
public interface Route {
    Future<Object> invoke(Identity caller, String operationId, Object input, CallOptions options);

    CallSubscription subscribe(Identity caller, String operationId, Object input, CallOptions options);
}
