package alknet.security;

import alknet.api.AlknetSession;
import alknet.api.ForwardSpec;
import alknet.testsupport.AlknetTestNodes;
import alknet.testsupport.EchoServer;
import alknet.testsupport.LogCollector;
import alknet.testsupport.OpenSshClient;
import alknet.testsupport.Payloads;
import alknet.testsupport.SinkServer;
import alknet.testsupport.Sockets;
import alknet.testsupport.Socks5TestClient;
import alknet.testsupport.TunnelDestinations;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import java.net.Socket;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Acceptance 1, the client's own listeners: a server and a client embedded in one Vert.x (one process, as an
 * application embedding both would run them). The real {@code ssh -R} onto the client's SOCKS5 port, and onto its
 * {@code -L} port, is refused by the server, and the client's listener keeps serving all of twenty connections
 * while the refused session stays connected.
 */
@Timeout(90)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RemoteForwardOntoClientListenersTest {
    private static final Duration WAIT = Duration.ofSeconds(15);

    private EchoServer echo;
    private SinkServer intrudersTarget;
    private AlknetTestNodes nodes;
    private AlknetSession client;

    @BeforeAll
    void start() throws Exception {
        echo = EchoServer.start();
        intrudersTarget = SinkServer.start();
        TunnelDestinations.record("127.0.0.1", echo.port());
        TunnelDestinations.record("127.0.0.1", intrudersTarget.port());
        nodes = AlknetTestNodes.start();
        client = nodes.connect(o -> o.addLocalForward(new ForwardSpec("127.0.0.1", 0, "127.0.0.1", echo.port())));
    }

    @AfterAll
    void stop() throws Exception {
        try (AlknetTestNodes n = nodes; EchoServer e = echo; SinkServer s = intrudersTarget) {
            // closed in reverse order
        }
    }

    @Test
    void remoteForwardOntoTheClientsSocks5PortIsRefusedAndSocks5ServesAllTwenty() throws Exception {
        int socks = client.socks5Port();
        int mark = LogCollector.mark();
        try (OpenSshClient intruder = refusedRemoteForward(socks)) {
            for (int i = 0; i < TwentyConnections.COUNT; i++) {
                byte[] payload = Payloads.random(16 * 1024, 300 + i);
                try (Socket tunnel = Socks5TestClient.to(socks).connect("127.0.0.1", echo.port())) {
                    assertThat(Payloads.sha256Hex(Sockets.exchange(tunnel, payload, WAIT)))
                            .as("SOCKS5 connection %d of %d", i + 1, TwentyConnections.COUNT)
                            .isEqualTo(Payloads.sha256Hex(payload));
                }
            }
            assertIntruderGotNothing(intruder);
        }
        assertThat(LogCollector.linesSince(mark))
                .anyMatch(l -> l.contains("remote forward denied remote_addr=127.0.0.1 reason=address-in-use"));
    }

    @Test
    void remoteForwardOntoTheClientsLocalForwardPortIsRefusedAndItServesAllTwenty() throws Exception {
        int local = client.localForwardPort(0);
        try (OpenSshClient intruder = refusedRemoteForward(local)) {
            TwentyConnections.allEcho(local);
            assertIntruderGotNothing(intruder);
        }
    }

    private OpenSshClient refusedRemoteForward(int port) throws Exception {
        return Intruder.refusedRemoteForward(PinnedOpenSsh.to(nodes), "127.0.0.1", port, intrudersTarget, WAIT);
    }

    private void assertIntruderGotNothing(OpenSshClient intruder) {
        Intruder.assertGotNothing(intruder, intrudersTarget);
    }
}
