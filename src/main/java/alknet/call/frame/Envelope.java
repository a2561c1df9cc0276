package alknet.call.frame;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;

import java.util.Objects;

/**
 * One message of the call protocol: {@code {"type": string, "id": string, "payload": any}}
 * (30-call-protocol.md section 1). The payload is any JSON value as Vert.x decodes it (JsonObject, JsonArray,
 * String, Number, Boolean or null).
 */
public record Envelope(String type, String id, Object payload) {
    public Envelope {
        Objects.requireNonNull(type, "type");
        id = id == null ? "" : id;
    }

    /** The envelope in a frame body (UTF-8 JSON); fails with a message that never quotes the input. */
    public static Envelope parse(Buffer json) {
        Object decoded;
        try {
            decoded = Json.decodeValue(json);
        } catch (DecodeException | IllegalStateException e) {
            throw new MalformedEnvelopeException("frame is not valid UTF-8 JSON");
        }
        if (!(decoded instanceof JsonObject object)) {
            throw new MalformedEnvelopeException("frame is not a JSON object; an envelope is {type, id, payload}");
        }
        if (!(object.getValue("type") instanceof String type) || type.isEmpty()) {
            throw new MalformedEnvelopeException("envelope has no \"type\" string");
        }
        Object id = object.getValue("id");
        if (id != null && !(id instanceof String)) {
            throw new MalformedEnvelopeException("envelope \"id\" is not a string");
        }
        return new Envelope(type, (String) id, object.getValue("payload"));
    }

    /** {@code payload.requestId} when it is a string, else {@code id} (30-call-protocol.md section 2, Decision). */
    public String requestId() {
        if (payload instanceof JsonObject object && object.getValue("requestId") instanceof String requestId) {
            return requestId;
        }
        return id;
    }

    /** The payload as an object, or an empty one when it is anything else. */
    public JsonObject payloadObject() {
        return payload instanceof JsonObject object ? object : new JsonObject();
    }

    public JsonObject toJson() {
        return new JsonObject().put("type", type).put("id", id).put("payload", payload);
    }

    public Buffer toBuffer() {
        return toJson().toBuffer();
    }

    /** Type and id only: payloads may hold inputs, tokens or destinations, which never reach a log. */
    @Override
    public String toString() {
        return "Envelope[type=" + type + ", id=" + id + "]";
    }
}
