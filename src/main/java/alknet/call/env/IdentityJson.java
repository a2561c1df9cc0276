package alknet.call.env;

import alknet.api.Identity;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An identity inside event-bus messages. The bus joins only trusted members of this node's cluster, so the
 * caller's identity travels with the call there (and only there: a peer's payload never sets it).
 */
final class IdentityJson {
    private IdentityJson() {}

    static JsonObject toJson(Identity identity) {
        if (identity == null) {
            return null;
        }
        JsonObject resources = new JsonObject();
        identity.resources().forEach((type, names) -> resources.put(type, new JsonArray(names)));
        return new JsonObject().put("id", identity.id()).put("scopes", new JsonArray(identity.scopes()))
                .put("resources", resources);
    }

    static Identity fromJson(JsonObject json) {
        if (json == null) {
            return null;
        }
        Map<String, List<String>> resources = new LinkedHashMap<>();
        json.getJsonObject("resources", new JsonObject()).forEach(e ->
                resources.put(e.getKey(), strings((JsonArray) e.getValue())));
        return new Identity(json.getString("id"), strings(json.getJsonArray("scopes", new JsonArray())), resources);
    }

    private static List<String> strings(JsonArray array) {
        return array.stream().map(String.class::cast).toList();
    }
}
