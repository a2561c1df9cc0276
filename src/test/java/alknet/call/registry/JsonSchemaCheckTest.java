package alknet.call.registry;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;

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
        assertThat(wrongType.message()).contains("/path").contains("string expected");
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
                .hasMessageContaining("missing");
    }

    @Test
    void aRemoteRefIsRefusedWithoutFetchingIt() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            listener.setSoTimeout(500);
            String url = "http://127.0.0.1:" + listener.getLocalPort() + "/schema.json";
            assertThatThrownBy(() -> JsonSchemaCheck.compile(new JsonObject().put("$ref", url), "input of /w/x"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("input of /w/x");
            assertThatThrownBy(listener::accept).as("nothing connected to the $ref's address")
                    .isInstanceOf(SocketTimeoutException.class);
        }
    }

    @Test
    void oneSchemasIdNeverAnswersForAnother() {
        JsonObject strings = new JsonObject().put("$id", "urn:shared").put("type", "string");
        JsonObject numbers = new JsonObject().put("$id", "urn:shared").put("type", "number");
        JsonSchemaCheck first = JsonSchemaCheck.compile(strings, "input");
        JsonSchemaCheck second = JsonSchemaCheck.compile(numbers, "input");
        assertThat(first.problem("a")).isEmpty();
        assertThat(first.problem(1)).isPresent();
        assertThat(second.problem(1)).isEmpty();
        assertThat(second.problem("a")).isPresent();
    }
}
