package alknet.e2e;

import alknet.api.Limits;
import alknet.testsupport.AlknetTestNodes;
import alknet.testsupport.LogCollector;
import alknet.testsupport.Sockets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.Socket;
import java.time.Duration;

import static alknet.e2e.RawSsh.awaitLogLine;
import static alknet.e2e.RawSsh.readBanner;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Acceptance 6, --max-connections-per-ip=2: two raw TCP connections from 127.0.0.1 get the SSH banner, a third
 * is closed at once without a banner and logged as {@code connection rejected remote_addr=127.0.0.1
 * reason=max-connections-per-ip}; the first two stay open; once one of them closes, a new one is accepted.
 */
@Timeout(60)
class MaxConnectionsPerIpE2ETest {
    @Test
    void thirdConnectionFromSameIpIsRejectedBeforeSsh() throws Exception {
        LogCollector.installInProcess();
        int mark = LogCollector.mark();
        try (AlknetTestNodes nodes = AlknetTestNodes.start(o -> o.limits(
                new Limits(2, Limits.DEFAULT_MAX_AUTH_ATTEMPTS, Limits.DEFAULT_MAX_STARTUPS, Duration.ofSeconds(30))))) {
            int port = nodes.server().sshPort();
            try (Socket first = Sockets.connect(port); Socket second = Sockets.connect(port)) {
                assertThat(readBanner(first)).startsWith("SSH-2.0-");
                assertThat(readBanner(second)).startsWith("SSH-2.0-");
                try (Socket third = Sockets.connect(port)) {
                    long started = System.nanoTime();
                    assertThat(Sockets.closedByPeer(third, Duration.ofSeconds(3))).as("third connection closed").isTrue();
                    assertThat((System.nanoTime() - started) / 1_000_000).as("closed at once (ms)").isLessThan(2_000);
                }
                awaitLogLine(mark, "connection rejected remote_addr=127.0.0.1 reason=max-connections-per-ip",
                        Duration.ofSeconds(5));
                assertThat(Sockets.closedByPeer(first, Duration.ofMillis(300))).as("first still open").isFalse();
                assertThat(Sockets.closedByPeer(second, Duration.ofMillis(300))).as("second still open").isFalse();

                first.close();
                // The slot is released once the server sees the close; a new connection then gets a banner.
                long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
                String banner = null;
                while (banner == null && System.nanoTime() < deadline) {
                    try (Socket again = Sockets.connect(port)) {
                        again.setSoTimeout(2_000);
                        banner = RawSsh.tryReadBanner(again);
                    }
                    if (banner == null) {
                        Thread.sleep(100);
                    }
                }
                assertThat(banner).as("a new connection after one of the two closed").startsWith("SSH-2.0-");
            }
        }
    }
}
