package alknet.call.registry;

import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.SchemaException;
import io.vertx.json.schema.Validator;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * An operation's input or output schema, compiled once at registration with Vert.x JSON Schema (draft 2020-12
 * unless the schema's {@code $schema} names another). A null schema accepts everything.
 */
final class JsonSchemaCheck {
    static final JsonSchemaCheck ACCEPT_ALL = new JsonSchemaCheck(null);
    private static final String BASE_URI = "urn:alknet:operation";

    private final Validator validator;

    private JsonSchemaCheck(Validator validator) {
        this.validator = validator;
    }

    /** @throws IllegalArgumentException when the schema itself is unusable */
    static JsonSchemaCheck compile(JsonObject schema, String what) {
        if (schema == null) {
            return ACCEPT_ALL;
        }
        Draft draft = Draft.DRAFT202012;
        if (schema.getValue("$schema") instanceof String declared) {
            try {
                draft = Draft.fromIdentifier(declared);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(what + " names an unsupported $schema; use draft 4, 7, 2019-09 or 2020-12");
            }
        }
        try {
            Validator validator = Validator.create(JsonSchema.of(schema.copy()),
                    new JsonSchemaOptions().setDraft(draft).setBaseUri(BASE_URI).setOutputFormat(OutputFormat.Basic));
            JsonSchemaCheck check = new JsonSchemaCheck(validator);
            check.problem(null); // a schema the validator cannot apply fails here, at registration, not per call
            return check;
        } catch (SchemaException | IllegalArgumentException | ClassCastException e) {
            throw new IllegalArgumentException(what + " is not a usable JSON Schema: " + e.getMessage(), e);
        }
    }

    /** Why the value does not match, in the validator's words, or empty when it matches. */
    Optional<Problem> problem(Object value) {
        if (validator == null) {
            return Optional.empty();
        }
        OutputUnit result = validator.validate(value);
        if (Boolean.TRUE.equals(result.getValid())) {
            return Optional.empty();
        }
        List<OutputUnit> errors = result.getErrors() == null || result.getErrors().isEmpty() ? List.of(result) : result.getErrors();
        String message = errors.stream()
                .map(e -> (e.getInstanceLocation() == null || e.getInstanceLocation().isEmpty() ? "" : e.getInstanceLocation() + ": ")
                        + e.getError())
                .collect(Collectors.joining("; "));
        String keywords = errors.stream().map(OutputUnit::getKeywordLocation).collect(Collectors.joining(", "));
        return Optional.of(new Problem(message, keywords));
    }

    /**
     * @param message          the validator's message, which may quote parts of the value: for the caller only
     * @param keywordLocations where in the schema it failed: safe to log
     */
    record Problem(String message, String keywordLocations) {}
}
