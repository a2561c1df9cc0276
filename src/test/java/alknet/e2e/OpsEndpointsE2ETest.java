package alknet.e2e;

import alknet.api.AlknetSession;
import alknet.testsupport.AlknetTestNodes;
import alknet.testsupport.OpsProbe;
import alknet.testsupport.PrometheusText;
import alknet.testsupport.SshKeyPair;
import alknet.testsupport.SshKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.DoublePredicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Acceptance 11: /livez 200, /readyz 200 once the server is up, and /metrics (Prometheus text) exposes
 * {@code alknet_sessions_active} and {@code alknet_auth_attempts_total} whose values follow what clients do:
 * sessions 0 -> 1 -> 0, accepted logins raise result="accept", a refused key raises result="reject".
 */
@Timeout(60)
class OpsEndpointsE2ETest {
    private static final String SESSIONS = "alknet_sessions_active";
    private static final String AUTH = "alknet_auth_attempts_total";

    @Test
    void probesAndMetricsFollowClientActivity() throws Exception {
        try (AlknetTestNodes nodes = AlknetTestNodes.start()) {
            OpsProbe ops = new OpsProbe(nodes.server().opsPort());
            assertThat(ops.get("/livez").statusCode()).isEqualTo(200);
            ops.awaitStatus("/readyz", 200, Duration.ofSeconds(5));

            HttpResponse<String> metrics = ops.get("/metrics");
            assertThat(metrics.statusCode()).isEqualTo(200);
            PrometheusText before = PrometheusText.parse(metrics.body());
            assertThat(before.has(SESSIONS)).as(SESSIONS + " present").isTrue();
            assertThat(before.value(SESSIONS)).isEqualTo(0.0);
            double accepts0 = before.value(AUTH, "result", "accept", "method", "publickey");
            double rejects0 = before.value(AUTH, "result", "reject", "method", "publickey");

            AlknetSession client = nodes.connect(o -> o.noSocks5());
            PrometheusText during = ops.awaitMetric(SESSIONS, v -> v == 1.0, Duration.ofSeconds(5));
            assertThat(during.has(AUTH)).as(AUTH + " present").isTrue();
            assertThat(during.value(AUTH, "result", "accept", "method", "publickey")).isEqualTo(accepts0 + 1);

            AlknetTestNodes.await(client.close());
            ops.awaitMetric(SESSIONS, v -> v == 0.0, Duration.ofSeconds(5));

            SshKeyPair stranger = SshKeys.generateEd25519(nodes.dir(), "stranger");
            Throwable refused = catchThrowable(() -> nodes.connect(o -> o.noSocks5().identity(stranger.privateKey())));
            assertThat(refused).isNotNull();
            PrometheusText after = ops.awaitMetric(AUTH, "result", "reject", v -> v > rejects0, Duration.ofSeconds(5));
            assertThat(after.value(AUTH, "result", "accept", "method", "publickey")).isEqualTo(accepts0 + 1);
            assertThat(after.value(SESSIONS)).isEqualTo(0.0);
            assertThat(metrics.body()).doesNotContain("127.0.0.1");
        }
    }
}
