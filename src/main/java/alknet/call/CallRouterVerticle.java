package alknet.call;

import alknet.Addresses;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;

/**
 * The call-protocol router (30-call-protocol.md): operation registry, pending-request maps and head routing.
 * A skeleton until the call-protocol issue: it owns {@link Addresses#CALL_ROUTER} and answers every call with
 * {@code OPERATION_NOT_FOUND}, so the address and the error shape exist for the layers that will use it.
 */
public final class CallRouterVerticle extends VerticleBase {
    @Override
    public Future<?> start() {
        vertx.eventBus().<JsonObject>consumer(Addresses.CALL_ROUTER, msg -> msg.reply(new JsonObject()
                .put("type", "call.error")
                .put("payload", new JsonObject().put("code", "OPERATION_NOT_FOUND")
                        .put("message", "no operations are registered on this node yet").put("retryable", false))));
        return Future.succeededFuture();
    }
}
