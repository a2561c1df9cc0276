package alknet.call.error;

import alknet.api.CallErrorCode;
import alknet.api.CallFailure;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** 30-call-protocol.md section 2: error codes, retryable flag, unknown codes. */
class CallFailureTest {
    @Test
    void onlyUnavailableIsRetryable() {
        for (CallErrorCode code : CallErrorCode.values()) {
            assertThat(CallFailure.of(code, "m").retryable()).as(code.name()).isEqualTo(code == CallErrorCode.UNAVAILABLE);
        }
    }

    @Test
    void payloadRoundTripKeepsCodeMessageAndDetails() {
        CallFailure sent = CallFailure.of(CallErrorCode.UNAVAILABLE, "node gone", new JsonObject().put("node", "w1"));
        CallFailure received = CallFailure.fromPayload(sent.toPayload("r1"));
        assertThat(sent.toPayload("r1").getString("requestId")).isEqualTo("r1");
        assertThat(received.code()).isEqualTo("UNAVAILABLE");
        assertThat(received.getMessage()).isEqualTo("node gone");
        assertThat(received.retryable()).isTrue();
        assertThat(received.details()).isEqualTo(new JsonObject().put("node", "w1"));
    }

    @Test
    void unknownCodeIsKeptButNeverRetryable() {
        CallFailure f = CallFailure.fromPayload(new JsonObject().put("code", "QUOTA_EXCEEDED").put("retryable", true));
        assertThat(f.code()).isEqualTo("QUOTA_EXCEEDED");
        assertThat(f.knownCode()).isEqualTo(CallErrorCode.UNKNOWN_ERROR);
        assertThat(f.retryable()).isFalse();
        assertThat(f.toPayload("r").getBoolean("retryable")).isFalse();
    }

    @Test
    void missingFieldsGetSafeDefaults() {
        CallFailure f = CallFailure.fromPayload(new JsonObject().put("code", 3).put("details", "x"));
        assertThat(f.code()).isEqualTo("UNKNOWN_ERROR");
        assertThat(f.getMessage()).isEmpty();
        assertThat(f.details()).isNull();
        assertThat(CallFailure.fromPayload(new JsonObject().put("code", "UNAVAILABLE")).retryable()).isTrue();
    }

    @Test
    void anyThrowableBecomesAnExecutionError() {
        assertThat(CallFailure.from(new IllegalStateException("disk full")))
                .satisfies(f -> assertThat(f.is(CallErrorCode.EXECUTION_ERROR)).isTrue())
                .hasMessage("disk full");
        CallFailure timeout = CallFailure.of(CallErrorCode.TIMEOUT, "late");
        assertThat(CallFailure.from(timeout)).isSameAs(timeout);
    }
}
