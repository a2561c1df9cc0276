package alknet.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Objects;

/**
 * Who may call an operation (30-call-protocol.md section 3): every scope of {@code requiredScopes}, at least one
 * of {@code requiredScopesAny} when given, and, when {@code resourceType} and {@code resourceAction} are both set,
 * {@code identity.resources[resourceType]} holding {@code resourceAction} or {@code *}. No identity passes only
 * an unrestricted rule.
 */
public record AccessControl(List<String> requiredScopes, List<String> requiredScopesAny, String resourceType,
                            String resourceAction) {
    /** Any authenticated caller (the built-in operations). */
    /** The scope that satisfies every rule: given only on purpose (the configuration, or a trusted peer). */
    public static final String ALL_SCOPES = "*";

    public static final AccessControl NONE = new AccessControl(List.of(), List.of(), null, null);

    public AccessControl {
        requiredScopes = List.copyOf(Objects.requireNonNullElse(requiredScopes, List.of()));
        requiredScopesAny = List.copyOf(Objects.requireNonNullElse(requiredScopesAny, List.of()));
    }

    public static AccessControl scopes(String... required) {
        return new AccessControl(List.of(required), List.of(), null, null);
    }

    public AccessControl withResource(String type, String action) {
        return new AccessControl(requiredScopes, requiredScopesAny, type, action);
    }

    public boolean restricted() {
        return !requiredScopes.isEmpty() || !requiredScopesAny.isEmpty() || checksResource();
    }

    private boolean checksResource() {
        return resourceType != null && resourceAction != null;
    }

    public boolean permits(Identity identity) {
        if (identity == null) {
            return !restricted();
        }
        if (identity.hasScope(ALL_SCOPES)) {
            return true; // a peer trusted with everything, e.g. the server a client verified by its host key
        }
        if (!identity.scopes().containsAll(requiredScopes)) {
            return false;
        }
        if (!requiredScopesAny.isEmpty() && requiredScopesAny.stream().noneMatch(identity::hasScope)) {
            return false;
        }
        if (checksResource()) {
            List<String> granted = identity.resources().getOrDefault(resourceType, List.of());
            return granted.contains(resourceAction) || granted.contains("*");
        }
        return true;
    }

    /** What a refused caller lacks, for the {@code ACCESS_DENIED} message. */
    public String describe() {
        StringBuilder text = new StringBuilder();
        if (!requiredScopes.isEmpty()) {
            text.append("scopes ").append(String.join(", ", requiredScopes));
        }
        if (!requiredScopesAny.isEmpty()) {
            text.append(text.isEmpty() ? "" : "; ").append("one of scopes ").append(String.join(", ", requiredScopesAny));
        }
        if (checksResource()) {
            text.append(text.isEmpty() ? "" : "; ").append("resources.").append(resourceType).append(" containing ")
                    .append(resourceAction).append(" or *");
        }
        return text.isEmpty() ? "an authenticated identity" : text.toString();
    }

    public JsonObject toJson() {
        JsonObject json = new JsonObject().put("requiredScopes", new JsonArray(requiredScopes))
                .put("requiredScopesAny", new JsonArray(requiredScopesAny));
        if (resourceType != null) {
            json.put("resourceType", resourceType);
        }
        if (resourceAction != null) {
            json.put("resourceAction", resourceAction);
        }
        return json;
    }

    public static AccessControl fromJson(JsonObject json) {
        if (json == null) {
            return NONE;
        }
        return new AccessControl(strings(json, "requiredScopes"), strings(json, "requiredScopesAny"),
                string(json, "resourceType"), string(json, "resourceAction"));
    }

    private static List<String> strings(JsonObject json, String key) {
        Object value = json.getValue(key);
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof JsonArray array) || !array.stream().allMatch(String.class::isInstance)) {
            throw new IllegalArgumentException("accessControl." + key + " must be an array of strings");
        }
        return array.stream().map(String.class::cast).toList();
    }

    private static String string(JsonObject json, String key) {
        Object value = json.getValue(key);
        if (value != null && !(value instanceof String)) {
            throw new IllegalArgumentException("accessControl." + key + " must be a string");
        }
        return (String) value;
    }
}
