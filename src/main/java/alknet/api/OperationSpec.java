package alknet.api;

import io.vertx.core.json.JsonObject;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What an operation is (30-call-protocol.md section 3), apart from the code that runs it. Serialises in camelCase
 * ({@code name, namespace, type, inputSchema, outputSchema, accessControl, description, version}) so JavaScript
 * and MCP tooling can read it. A null schema accepts any value.
 */
public record OperationSpec(String name, String namespace, OperationType type, JsonObject inputSchema,
                            JsonObject outputSchema, AccessControl accessControl, String description, String version) {
    /** {@code /service/op}, or {@code /node/service/op} through a head: two or more path segments. */
    private static final Pattern NAME = Pattern.compile("(/[A-Za-z0-9._~-]+){2,}");

    public OperationSpec {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("operation name must look like /service/op (letters, digits, . _ ~ -),"
                    + " was '" + name + "'");
        }
        namespace = namespace == null || namespace.isEmpty() ? name.substring(1, name.indexOf('/', 1)) : namespace;
        Objects.requireNonNull(type, "type");
        accessControl = Objects.requireNonNullElse(accessControl, AccessControl.NONE);
        inputSchema = inputSchema == null ? null : inputSchema.copy();
        outputSchema = outputSchema == null ? null : outputSchema.copy();
    }

    public static Builder builder(String name, OperationType type) {
        return new Builder(name, type);
    }

    public JsonObject toJson() {
        JsonObject json = new JsonObject().put("name", name).put("namespace", namespace).put("type", type.wireName());
        putIfPresent(json, "inputSchema", inputSchema == null ? null : inputSchema.copy());
        putIfPresent(json, "outputSchema", outputSchema == null ? null : outputSchema.copy());
        json.put("accessControl", accessControl.toJson());
        putIfPresent(json, "description", description);
        putIfPresent(json, "version", version);
        return json;
    }

    /** @throws IllegalArgumentException naming the field that is missing or of the wrong type */
    public static OperationSpec fromJson(JsonObject json) {
        if (!(json.getValue("name") instanceof String name)) {
            throw new IllegalArgumentException("operation spec needs a \"name\" string");
        }
        if (!(json.getValue("type") instanceof String type)) {
            throw new IllegalArgumentException("operation spec " + name + " needs a \"type\": query, mutation or subscription");
        }
        return new OperationSpec(name, optional(json, "namespace", String.class), OperationType.parse(type),
                optional(json, "inputSchema", JsonObject.class), optional(json, "outputSchema", JsonObject.class),
                AccessControl.fromJson(optional(json, "accessControl", JsonObject.class)),
                optional(json, "description", String.class), optional(json, "version", String.class));
    }

    private static <T> T optional(JsonObject json, String key, Class<T> type) {
        Object value = json.getValue(key);
        if (value != null && !type.isInstance(value)) {
            throw new IllegalArgumentException("operation spec field \"" + key + "\" must be a "
                    + (type == String.class ? "string" : "JSON object"));
        }
        return type.cast(value);
    }

    private static void putIfPresent(JsonObject json, String key, Object value) {
        if (value != null) {
            json.put(key, value);
        }
    }

    public static final class Builder {
        private final String name;
        private final OperationType type;
        private String namespace;
        private JsonObject inputSchema;
        private JsonObject outputSchema;
        private AccessControl accessControl = AccessControl.NONE;
        private String description;
        private String version;

        private Builder(String name, OperationType type) {
            this.name = name;
            this.type = type;
        }

        public Builder namespace(String value) {
            this.namespace = value;
            return this;
        }

        public Builder inputSchema(JsonObject schema) {
            this.inputSchema = schema;
            return this;
        }

        public Builder outputSchema(JsonObject schema) {
            this.outputSchema = schema;
            return this;
        }

        public Builder accessControl(AccessControl value) {
            this.accessControl = value;
            return this;
        }

        public Builder description(String value) {
            this.description = value;
            return this;
        }

        public Builder version(String value) {
            this.version = value;
            return this;
        }

        public OperationSpec build() {
            return new OperationSpec(name, namespace, type, inputSchema, outputSchema, accessControl, description, version);
        }
    }
}
