package alknet.call;

import alknet.api.CallFailure;
import alknet.call.frame.Envelope;
import alknet.call.frame.EnvelopeTypes;
import alknet.call.operation.CallRequest;
import io.vertx.core.json.JsonObject;

/** The {@code call.*} envelopes (30-call-protocol.md section 2); the envelope id always equals the request id. */
final class CallEnvelopes {
    private CallEnvelopes() {}

    static Envelope requested(CallRequest request) {
        return new Envelope(EnvelopeTypes.CALL_REQUESTED, request.requestId(), request.toPayload());
    }

    static Envelope responded(String requestId, Object output) {
        return new Envelope(EnvelopeTypes.CALL_RESPONDED, requestId,
                new JsonObject().put("requestId", requestId).put("output", output));
    }

    static Envelope completed(String requestId) {
        return new Envelope(EnvelopeTypes.CALL_COMPLETED, requestId, new JsonObject().put("requestId", requestId));
    }

    static Envelope aborted(String requestId) {
        return new Envelope(EnvelopeTypes.CALL_ABORTED, requestId, new JsonObject().put("requestId", requestId));
    }

    static Envelope error(String requestId, CallFailure failure) {
        return new Envelope(EnvelopeTypes.CALL_ERROR, requestId, failure.toPayload(requestId));
    }
}
