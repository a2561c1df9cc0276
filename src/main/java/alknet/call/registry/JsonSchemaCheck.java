package alknet.call.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaException;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.jackson.DatabindCodec;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * An operation's input or output schema, compiled once at registration with networknt's JSON Schema validator (draft
 * 2020-12 unless the schema's {@code $schema} names draft 4, 6, 7 or 2019-09). A null schema accepts everything.
 * <p>
 * Schemas come from workers and other peers, so each is compiled in a registry of its own (an {@code $id} of one
 * peer's schema never answers another's {@code $ref}) that loads nothing from the network: a {@code $ref} resolves
 * inside the schema or to the bundled meta-schemas, or the schema is refused.
 */
final class JsonSchemaCheck {
    static final JsonSchemaCheck ACCEPT_ALL = new JsonSchemaCheck(null);

    private final Schema schema;

    private JsonSchemaCheck(Schema schema) {
        this.schema = schema;
    }

    /** @throws IllegalArgumentException when the schema itself is unusable */
    static JsonSchemaCheck compile(JsonObject schema, String what) {
        if (schema == null) {
            return ACCEPT_ALL;
        }
        if (schema.getValue("$schema") instanceof String declared && SpecificationVersion.fromDialectId(declared).isEmpty()) {
            throw new IllegalArgumentException(what + " names an unsupported $schema; use draft 4, 6, 7, 2019-09 or 2020-12");
        }
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
                builder -> builder.schemaCacheEnabled(false).schemaLoader(loader -> loader.fetchRemoteResources(false)));
        try {
            Schema compiled = registry.getSchema(tree(schema));
            compiled.initializeValidators(); // resolves every $ref now: an unusable schema fails at registration
            return new JsonSchemaCheck(compiled);
        } catch (SchemaException | IllegalArgumentException | IllegalStateException | ClassCastException e) {
            throw new IllegalArgumentException(what + " is not a usable JSON Schema: " + e.getMessage(), e);
        }
    }

    /** Why the value does not match, in the validator's words, or empty when it matches. */
    Optional<Problem> problem(Object value) {
        if (schema == null) {
            return Optional.empty();
        }
        List<Error> errors = schema.validate(tree(value));
        if (errors.isEmpty()) {
            return Optional.empty();
        }
        String message = errors.stream()
                .map(e -> (e.getInstanceLocation().toString().isEmpty() ? "" : e.getInstanceLocation() + ": ") + e.getMessage())
                .collect(Collectors.joining("; "));
        String keywords = errors.stream().map(e -> e.getSchemaLocation().toString()).collect(Collectors.joining(", "));
        return Optional.of(new Problem(message, keywords));
    }

    /** A call's value (Vert.x JSON types, strings, numbers, booleans, null) as the validator's tree. */
    private static JsonNode tree(Object value) {
        return value == null ? NullNode.getInstance() : DatabindCodec.mapper().valueToTree(value);
    }

    /**
     * @param message          the validator's message, which may quote parts of the value: for the caller only
     * @param keywordLocations where in the schema it failed: safe to log
     */
    record Problem(String message, String keywordLocations) {}
}
