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
 * Acceptance 6, --max-startups=2: an authenticated session does not count; two unauthenticated raw connections
 * get the SSH banner; a third unauthenticated one is closed without a banner and logged with
 * {@code reason=max-startups}; once an unauthenticated one goes away, a new one is accepted again.
 */
@Timeout(60)
class MaxStartupsE2ETest {
    @Test
    void thirdUnauthenticatedConnectionIsRejected() throws Exception {
        LogCollector.installInProcess();
        int mark = LogCollector.mark();
        try (AlknetTestNodes nodes = AlknetTestNodes.start(o -> o.limits(
                new Limits(0, Limits.DEFAULT_MAX_AUTH_ATTEMPTS, 2, Duration.ofSeconds(30))))) {
            nodes.connect(o -> o.noSocks5()); // authenticated: not a "startup"
            int port = nodes.server().sshPort();
            try (Socket first = Sockets.connect(port); Socket second = Sockets.connect(port)) {
                assertThat(readBanner(first)).startsWith("SSH-2.0-");
                assertThat(readBanner(second)).startsWith("SSH-2.0-");
                try (Socket third = Sockets.connect(port)) {
                    third.setSoTimeout(3_000);
                    assertThat(RawSsh.tryReadBanner(third)).as("no banner for the third").isNull();
                    assertThat(Sockets.closedByPeer(third, Duration.ofSeconds(3))).as("third closed").isTrue();
                }
                String line = awaitLogLine(mark, "reason=max-startups", Duration.ofSeconds(5));
                assertThat(line).startsWith("connection rejected ").contains("remote_addr=127.0.0.1");
                assertThat(Sockets.closedByPeer(first, Duration.ofMillis(300))).as("first still open").isFalse();

                first.close();
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
                assertThat(banner).as("accepted again once a startup slot is free").startsWith("SSH-2.0-");
            }
        }
    }
}
