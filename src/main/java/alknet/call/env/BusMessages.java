package alknet.call.env;

import alknet.api.Identity;
import alknet.api.CallErrorCode;
import alknet.api.CallFailure;
import alknet.call.operation.CallRequest;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;

/**
 * The shapes of in-cluster calls on {@code alknet.svc.<namespace>} (30-call-protocol.md section 4): a request
 * is a {@code call.requested} payload plus {@code caller} and, for a subscription, the {@code stream} address
 * its events go to. Replies and stream messages carry one of {@code output}, {@code event}, {@code completed},
 * {@code error}.
 */
final class BusMessages {
    static final String STREAM_PREFIX = "alknet.svc.stream.";

    private BusMessages() {}

    static JsonObject request(CallRequest request, Identity caller, String stream) {
        JsonObject body = request.toPayload().put("caller", IdentityJson.toJson(caller));
        return stream == null ? body : body.put("stream", stream);
    }

    static JsonObject output(Object output) {
        return new JsonObject().put("output", output);
    }

    static JsonObject event(Object event) {
        return new JsonObject().put("event", event);
    }

    static JsonObject completed() {
        return new JsonObject().put("completed", true);
    }

    static JsonObject error(String requestId, CallFailure failure) {
        return new JsonObject().put("error", failure.toPayload(requestId));
    }

    /** What a failed event-bus request means to the caller. */
    static CallFailure failure(Throwable error, String what) {
        if (error instanceof ReplyException reply) {
            return switch (reply.failureType()) {
                case NO_HANDLERS -> CallFailure.of(CallErrorCode.UNAVAILABLE, "no cluster member serves "
                        + what + " right now; retry later");
                case TIMEOUT -> CallFailure.of(CallErrorCode.TIMEOUT, "no answer from " + what);
                default -> CallFailure.of(CallErrorCode.EXECUTION_ERROR, String.valueOf(reply.getMessage()));
            };
        }
        return CallFailure.from(error);
    }
}
