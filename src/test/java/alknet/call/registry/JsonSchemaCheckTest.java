package alknet.call.registry;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** 30-call-protocol.md section 3: a real JSON Schema validator, its message passed on. */
class JsonSchemaCheckTest {
    private static final JsonObject PATH_SCHEMA = new JsonObject().put("type", "object")
            .put("properties", new JsonObject().put("path", new JsonObject().put("type", "string").put("minLength", 1)))
            .put("required", new JsonArray().add("path")).put("additionalProperties", false);

    @Test
    void matchingValuePasses() {
        assertThat(JsonSchemaCheck.compile(PATH_SCHEMA, "input").problem(new JsonObject().put("path", "/etc"))).isEmpty();
    }

    @Test
    void mismatchesCarryTheValidatorsMessageAndTheSchemaLocation() {
        JsonSchemaCheck check = JsonSchemaCheck.compile(PATH_SCHEMA, "input");
        var missing = check.problem(new JsonObject()).orElseThrow();
        assertThat(missing.message()).containsIgnoringCase("path");
        assertThat(missing.keywordLocations()).contains("required");

        var wrongType = check.problem(new JsonObject().put("path", 5)).orElseThrow();
        assertThat(wrongType.keywordLocations()).contains("type");
        assertThat(wrongType.message()).contains("Expected string");
        assertThat(check.problem(new JsonObject().put("path", "a").put("other", "x")).orElseThrow().keywordLocations())
                .isEqualTo("#/additionalProperties");
        assertThat(check.problem("just a string")).isPresent();
        // The loggable part never quotes the value.
        var notInEnum = JsonSchemaCheck.compile(new JsonObject().put("enum", new JsonArray().add("a")), "input")
                .problem("db.internal").orElseThrow();
        assertThat(notInEnum.keywordLocations()).isEqualTo("#/enum").doesNotContain("db.internal");
    }

    @Test
    void nullSchemaAcceptsAnything() {
        assertThat(JsonSchemaCheck.compile(null, "input").problem(new JsonArray())).isEmpty();
    }

    @Test
    void olderDraftIsHonoured() {
        JsonObject draft7 = new JsonObject().put("$schema", "http://json-schema.org/draft-07/schema#")
                .put("type", "integer");
        JsonSchemaCheck check = JsonSchemaCheck.compile(draft7, "input");
        assertThat(check.problem(3)).isEmpty();
        assertThat(check.problem("3")).isPresent();
    }

    @Test
    void unusableSchemaIsRefusedAtCompileTime() {
        assertThatThrownBy(() -> JsonSchemaCheck.compile(new JsonObject().put("$schema", "http://example.com/mine"), "input of /a/b"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("input of /a/b");
        assertThatThrownBy(() -> JsonSchemaCheck.compile(new JsonObject().put("$ref", "#/$defs/missing"), "input of /a/b"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("input of /a/b")
                .hasMessageContaining("$ref");
    }
}
