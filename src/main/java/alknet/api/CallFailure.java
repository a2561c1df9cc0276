package alknet.api;

import io.vertx.core.json.JsonObject;

import java.util.Objects;

/**
 * A failed call as the caller sees it: the {@code call.error} code, message, retryable flag and details
 * (30-call-protocol.md section 2). The code is kept as received, so a code from a newer peer survives a relay;
 * {@link #knownCode()} maps it to {@link CallErrorCode#UNKNOWN_ERROR}, and an unknown code is never retryable.
 * No stack trace: this is an expected outcome, not a bug.
 */
public final class CallFailure extends RuntimeException {
    private final String code;
    private final boolean retryable;
    private final JsonObject details;

    private CallFailure(String code, String message, boolean retryable, JsonObject details) {
        super(message, null, false, false);
        this.code = Objects.requireNonNull(code, "code");
        this.retryable = retryable && CallErrorCode.of(code).isPresent();
        this.details = details;
    }

    public static CallFailure of(CallErrorCode code, String message) {
        return new CallFailure(code.name(), message, code.retryable(), null);
    }

    public static CallFailure of(CallErrorCode code, String message, JsonObject details) {
        return new CallFailure(code.name(), message, code.retryable(), details);
    }

    /** A failure from a peer's {@code call.error} payload; missing fields get safe defaults. */
    public static CallFailure fromPayload(JsonObject payload) {
        String code = payload.getValue("code") instanceof String c && !c.isEmpty() ? c : CallErrorCode.UNKNOWN_ERROR.name();
        String message = payload.getValue("message") instanceof String m ? m : "";
        Object retryable = payload.getValue("retryable");
        boolean retry = retryable instanceof Boolean b ? b : CallErrorCode.of(code).map(CallErrorCode::retryable).orElse(false);
        Object details = payload.getValue("details");
        return new CallFailure(code, message, retry, details instanceof JsonObject d ? d : null);
    }

    /** Any throwable as a failure: itself when it is one, else {@code EXECUTION_ERROR} with its message. */
    public static CallFailure from(Throwable error) {
        if (error instanceof CallFailure failure) {
            return failure;
        }
        String message = error.getMessage() != null ? error.getMessage() : error.getClass().getSimpleName();
        return of(CallErrorCode.EXECUTION_ERROR, message);
    }

    /** The code as received. */
    public String code() {
        return code;
    }

    public CallErrorCode knownCode() {
        return CallErrorCode.of(code).orElse(CallErrorCode.UNKNOWN_ERROR);
    }

    public boolean is(CallErrorCode expected) {
        return code.equals(expected.name());
    }

    public boolean retryable() {
        return retryable;
    }

    /** Extra machine-readable facts, or null. */
    public JsonObject details() {
        return details;
    }

    /** The {@code call.error} payload for this failure. */
    public JsonObject toPayload(String requestId) {
        JsonObject payload = new JsonObject().put("requestId", requestId).put("code", code)
                .put("message", getMessage()).put("retryable", retryable);
        if (details != null) {
            payload.put("details", details);
        }
        return payload;
    }

    @Override
    public String toString() {
        return code + ": " + getMessage();
    }
}
