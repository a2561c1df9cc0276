package alknet.e2e;

import alknet.api.AlknetSession;
import alknet.api.ForwardSpec;
import alknet.api.Limits;
import alknet.testsupport.AlknetTestNodes;
import alknet.testsupport.EchoServer;
import alknet.testsupport.LogCollector;
import alknet.testsupport.Payloads;
import alknet.testsupport.Sockets;
import alknet.testsupport.TunnelDestinations;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Acceptance 5, SSH side: connections that are not (or not yet) SSH - garbage bytes, a truncated
 * identification line, a connection that says nothing - are each closed by the server (the silent
 * ones by the auth timeout, here 2 s), and each time a second client session that is carrying data
 * through an -L tunnel at that very moment keeps working, undisturbed.
 */
@Timeout(60)
class HostileSshConnectionsTest {
    private static final Duration AUTH_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration CLOSE_MARGIN = Duration.ofSeconds(6);

    private static EchoServer echo;
    private static AlknetTestNodes nodes;
    private static AlknetSession client;
    private TrafficCarrier carrier;

    @BeforeAll
    static void startNodes() throws Exception {
        LogCollector.installInProcess();
        echo = EchoServer.start();
        TunnelDestinations.record("127.0.0.1", echo.port());
        nodes = AlknetTestNodes.start(o -> o.limits(new Limits(Limits.DEFAULT_MAX_CONNECTIONS_PER_IP,
                Limits.DEFAULT_MAX_AUTH_ATTEMPTS, Limits.DEFAULT_MAX_STARTUPS, AUTH_TIMEOUT)));
        client = nodes.connect(o -> o.addLocalForward(new ForwardSpec("127.0.0.1", 0, "127.0.0.1", echo.port())));
    }

    @AfterAll
    static void stopNodes() throws Exception {
        if (nodes != null) {
            nodes.close();
        }
        if (echo != null) {
            echo.close();
        }
    }

    @BeforeEach
    void startCarrying() throws Exception {
        carrier = TrafficCarrier.start(client.localForwardPort(0));
        carrier.awaitMoreRounds(5, Duration.ofSeconds(10));
    }

    @AfterEach
    void sessionSurvived() throws Exception {
        try {
            carrier.awaitMoreRounds(20, Duration.ofSeconds(10));
        } finally {
            carrier.close();
        }
        assertThat(client.connected()).as("the well-behaved client's session is still up").isTrue();
        byte[] payload = Payloads.random(256 * 1024, 11);
        try (Socket s = Sockets.connect(client.localForwardPort(0))) {
            assertThat(Payloads.sha256Hex(Sockets.exchange(s, payload, Duration.ofSeconds(10))))
                    .as("a new tunnel on the same session still works").isEqualTo(Payloads.sha256Hex(payload));
        }
    }

    @Test
    void garbageBytesAreClosed() throws Exception {
        byte[] garbage = new byte[16 * 1024];
        new Random(5).nextBytes(garbage);
        garbage[0] = 'G'; // never "SSH-"
        try (Socket s = Sockets.connect(nodes.server().sshPort())) {
            writeIgnoringReset(s, garbage);
            assertClosedWithin(s, CLOSE_MARGIN, "garbage instead of an SSH identification");
            assertServerLoggedClose(s.getLocalPort());
        }
    }

    @Test
    void truncatedBannerThenCloseIsCleanedUp() throws Exception {
        try (Socket s = Sockets.connect(nodes.server().sshPort())) {
            int localPort = s.getLocalPort();
            OutputStream out = s.getOutputStream();
            out.write("SSH-2.0-".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            s.shutdownOutput(); // EOF in the middle of the identification line
            assertClosedWithin(s, CLOSE_MARGIN, "'SSH-2.0-' then EOF");
            assertServerLoggedClose(localPort);
        }
    }

    @Test
    void truncatedBannerThenSilenceIsClosedByTheAuthTimeout() throws Exception {
        try (Socket s = Sockets.connect(nodes.server().sshPort())) {
            long start = System.nanoTime();
            OutputStream out = s.getOutputStream();
            out.write("SSH-2.0-x".getBytes(StandardCharsets.US_ASCII)); // no CR LF, then nothing
            out.flush();
            assertClosedWithin(s, AUTH_TIMEOUT.plus(CLOSE_MARGIN), "'SSH-2.0-x' then silence");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("closed by the auth timeout, not at once")
                    .isGreaterThanOrEqualTo(AUTH_TIMEOUT.minusMillis(300));
            assertServerLoggedClose(s.getLocalPort());
        }
    }

    @Test
    void stalledConnectionIsClosedByTheAuthTimeout() throws Exception {
        try (Socket s = Sockets.connect(nodes.server().sshPort())) {
            long start = System.nanoTime();
            // say nothing at all (the server's own identification line is read and discarded)
            assertClosedWithin(s, AUTH_TIMEOUT.plus(CLOSE_MARGIN), "a connection that never speaks");
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(took).as("closed by the auth timeout (%s)", AUTH_TIMEOUT)
                    .isGreaterThanOrEqualTo(AUTH_TIMEOUT.minusMillis(300))
                    .isLessThanOrEqualTo(AUTH_TIMEOUT.plus(CLOSE_MARGIN));
            assertServerLoggedClose(s.getLocalPort());
        }
    }

    private static void writeIgnoringReset(Socket s, byte[] data) {
        try {
            OutputStream out = s.getOutputStream();
            out.write(data);
            out.flush();
        } catch (java.io.IOException e) {
            // the server may reset the connection while we are still writing: that is a close too
        }
    }

    private static void assertClosedWithin(Socket s, Duration within, String what) throws Exception {
        assertThat(Sockets.closedByPeer(s, within)).as("server closed the connection after %s within %s", what, within)
                .isTrue();
    }

    /** The server's own record that it let go of the connection from our local port. */
    private static void assertServerLoggedClose(int localPort) throws InterruptedException {
        String expected = "connection closed remote_addr=127.0.0.1 remote_port=" + localPort + " ";
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (LogCollector.lines().stream().noneMatch(l -> l.startsWith(expected))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no server line '" + expected + "...'; server lines: "
                        + LogCollector.lines().stream().filter(l -> l.contains("remote_port=" + localPort)).toList());
            }
            Thread.sleep(20);
        }
    }
}
