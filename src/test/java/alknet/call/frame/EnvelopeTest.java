package alknet.call.frame;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** 30-call-protocol.md sections 1-2: the envelope and where a reader finds the request id. */
class EnvelopeTest {
    @Test
    void requestIdComesFromThePayloadFirstThenTheId() {
        assertThat(new Envelope("call.aborted", "env-id", new JsonObject().put("requestId", "payload-id")).requestId())
                .isEqualTo("payload-id");
        assertThat(new Envelope("call.aborted", "env-id", new JsonObject()).requestId()).isEqualTo("env-id");
        assertThat(new Envelope("call.aborted", "env-id", new JsonObject().put("requestId", 7)).requestId())
                .isEqualTo("env-id");
        assertThat(new Envelope("call.aborted", "env-id", "text").requestId()).isEqualTo("env-id");
    }

    @Test
    void anyJsonPayloadAndAMissingIdAreAccepted() {
        Envelope e = Envelope.parse(Buffer.buffer("{\"type\":\"temp\",\"payload\":[1,\"a\",null]}"));
        assertThat(e.id()).isEmpty();
        assertThat(e.payload()).isEqualTo(new JsonArray().add(1).add("a").addNull());
        assertThat(Envelope.parse(Buffer.buffer("{\"type\":\"t\",\"id\":\"x\"}")).payload()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "[]", "\"type\"", "{\"id\":\"a\"}", "{\"type\":5}", "{\"type\":\"\"}",
            "{\"type\":\"a\",\"id\":3}", "{\"type\":\"a\"} trailing", "{\"type\":\"secret-token-abc\"",
            "\u00ff\u00fe"})
    void malformedFramesAreRefusedWithoutQuotingThem(String text) {
        assertThatThrownBy(() -> Envelope.parse(Buffer.buffer(text))).isInstanceOf(MalformedEnvelopeException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("secret").doesNotContain("trailing"));
    }

    @Test
    void toStringHidesThePayload() {
        assertThat(new Envelope("call.requested", "r", new JsonObject().put("input", "db.internal:5432")).toString())
                .doesNotContain("db.internal");
    }
}
