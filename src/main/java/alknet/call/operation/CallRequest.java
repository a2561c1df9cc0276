package alknet.call.operation;

import io.vertx.core.json.JsonObject;

import java.util.Objects;

/**
 * The payload of {@code call.requested} (30-call-protocol.md section 2). Any {@code identity} field a peer puts
 * in it is not read: the caller is always the authenticated session.
 *
 * @param deadline    absolute epoch milliseconds, 0 for none
 * @param idleTimeout milliseconds without an event before a subscription is aborted, 0 for none
 */
public record CallRequest(String requestId, String operationId, Object input, long deadline, long idleTimeout,
                          String parentRequestId, JsonObject metadata) {
    public CallRequest {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(operationId, "operationId");
    }

    public JsonObject toPayload() {
        JsonObject payload = new JsonObject().put("requestId", requestId).put("operationId", operationId).put("input", input);
        if (deadline > 0) {
            payload.put("deadline", deadline);
        }
        if (idleTimeout > 0) {
            payload.put("idleTimeout", idleTimeout);
        }
        if (parentRequestId != null) {
            payload.put("parentRequestId", parentRequestId);
        }
        if (metadata != null) {
            payload.put("metadata", metadata);
        }
        return payload;
    }

    /**
     * Reads a {@code call.requested} payload whose request id is already known.
     *
     * @throws IllegalArgumentException naming the field that is missing or of the wrong type
     */
    public static CallRequest fromPayload(String requestId, JsonObject payload) {
        if (!(payload.getValue("operationId") instanceof String operationId) || operationId.isEmpty()) {
            throw new IllegalArgumentException("call.requested needs an \"operationId\" string such as /node/ping");
        }
        return new CallRequest(requestId, operationId, payload.getValue("input"),
                millis(payload, "deadline"), millis(payload, "idleTimeout"),
                optional(payload, "parentRequestId", String.class), optional(payload, "metadata", JsonObject.class));
    }

    private static long millis(JsonObject payload, String key) {
        Object value = payload.getValue(key);
        if (value == null) {
            return 0;
        }
        if (!(value instanceof Integer || value instanceof Long) || ((Number) value).longValue() < 0) {
            throw new IllegalArgumentException("call.requested \"" + key + "\" must be a whole number of milliseconds");
        }
        return ((Number) value).longValue();
    }

    private static <T> T optional(JsonObject payload, String key, Class<T> type) {
        Object value = payload.getValue(key);
        if (value != null && !type.isInstance(value)) {
            throw new IllegalArgumentException("call.requested \"" + key + "\" has the wrong type");
        }
        return type.cast(value);
    }

    @Override
    public String toString() {
        return "CallRequest[" + requestId + " " + operationId + "]";
    }
}
