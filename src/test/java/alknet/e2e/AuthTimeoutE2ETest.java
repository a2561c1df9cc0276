package alknet.e2e;

import alknet.api.Limits;
import alknet.testsupport.AlknetTestNodes;
import alknet.testsupport.Sockets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static alknet.e2e.RawSsh.readBanner;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Acceptance 6, auth timeout (Limits authTimeout 2 s): an unauthenticated raw TCP connection is closed by the
 * server within about 2-6 s, both when it sends nothing at all and when it sends only its SSH identification.
 */
@Timeout(60)
class AuthTimeoutE2ETest {
    private static final Duration AUTH_TIMEOUT = Duration.ofSeconds(2);

    @Test
    void silentAndBannerOnlyConnectionsAreClosedAfterAuthTimeout() throws Exception {
        try (AlknetTestNodes nodes = AlknetTestNodes.start(o -> o.limits(new Limits(0, Limits.DEFAULT_MAX_AUTH_ATTEMPTS,
                Limits.DEFAULT_MAX_STARTUPS, AUTH_TIMEOUT)))) {
            int port = nodes.server().sshPort();
            try (Socket silent = Sockets.connect(port); Socket bannerOnly = Sockets.connect(port)) {
                long started = System.nanoTime();
                assertThat(readBanner(silent)).startsWith("SSH-2.0-");
                assertThat(readBanner(bannerOnly)).startsWith("SSH-2.0-");
                OutputStream out = bannerOnly.getOutputStream();
                out.write("SSH-2.0-OpenSSH_9.6 test\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();

                ClosedAt silentResult = ClosedAt.watch(silent, started);
                ClosedAt bannerResult = ClosedAt.watch(bannerOnly, started);
                silentResult.join();
                bannerResult.join();
                assertThat(silentResult.millis).as("silent connection closed after (ms)").isBetween(1_500L, 6_000L);
                assertThat(bannerResult.millis).as("banner-only connection closed after (ms)").isBetween(1_500L, 6_000L);
            }
        }
    }

    /** Reads on its own thread until the peer closes (or 10 s pass: millis = -1). */
    private static final class ClosedAt {
        private final Thread thread;
        private volatile long millis = -1;

        private ClosedAt(Socket socket, long started) {
            thread = new Thread(() -> {
                try {
                    if (Sockets.closedByPeer(socket, Duration.ofSeconds(10))) {
                        millis = (System.nanoTime() - started) / 1_000_000;
                    }
                } catch (Exception e) {
                    millis = (System.nanoTime() - started) / 1_000_000;
                }
            }, "auth-timeout-watch");
            thread.setDaemon(true);
            thread.start();
        }

        static ClosedAt watch(Socket socket, long started) {
            return new ClosedAt(socket, started);
        }

        void join() throws InterruptedException {
            thread.join(15_000);
        }
    }
}
