package alknet.client;

import alknet.api.AlknetSession;
import alknet.testsupport.AlknetTestNodes;
import alknet.testsupport.LogCollector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server's {@code keepalive@openssh.com} requests (10-tunnel.md section 5) are answered by the client without a
 * log line each: a long-lived worker or tunnel client would otherwise log a WARN every keepalive interval.
 */
@Timeout(30)
class ServerKeepaliveAnsweredTest {
    @Test
    void keepalivesAreAnsweredQuietlyAndTheSessionStaysUp() throws Exception {
        LogCollector.installInProcess();
        try (AlknetTestNodes nodes = AlknetTestNodes.start(o -> o.keepalive(Duration.ofSeconds(1)))) {
            int mark = LogCollector.mark();
            AlknetSession client = nodes.connect(o -> o.noSocks5());
            Thread.sleep(3_500);
            assertThat(client.connected()).isTrue();
            LogCollector.assertNoLineSinceContains(mark, "unknown global request", "keepalive@openssh.com");
        }
    }
}
