package alknet.e2e;

import alknet.api.AlknetSession;
import alknet.api.ForwardSpec;
import alknet.testsupport.AlknetTestNodes;
import alknet.testsupport.EchoServer;
import alknet.testsupport.Payloads;
import alknet.testsupport.Sockets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.Socket;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Acceptance 4, forwards: a {@code -L} listener on the client reaches a target through the server, and a
 * {@code -R 0:127.0.0.1:PORT} forward gets a server-chosen port on the server's loopback that reaches a target
 * on the client side. Both carry data both ways, byte-exact, with half-close.
 */
@Timeout(60)
class RemoteAndLocalForwardE2ETest {
    @Test
    void localForwardReachesTargetThroughServer() throws Exception {
        try (EchoServer echo = EchoServer.start(); AlknetTestNodes nodes = AlknetTestNodes.start()) {
            AlknetSession client = nodes.connect(o -> o.noSocks5()
                    .addLocalForward(ForwardSpec.parseLocal("0:127.0.0.1:" + echo.port())));
            int port = client.localForwardPort(0);
            assertThat(port).isPositive();
            for (int i = 0; i < 3; i++) {
                try (Socket s = Sockets.connect(port)) {
                    byte[] payload = Payloads.random(200_000 + i, 10 + i);
                    byte[] back = Sockets.exchange(s, payload, Duration.ofSeconds(20));
                    assertThat(Payloads.sha256Hex(back)).isEqualTo(Payloads.sha256Hex(payload));
                }
            }
        }
    }

    @Test
    void remoteForwardWithPortZeroReachesClientSideTarget() throws Exception {
        try (EchoServer echo = EchoServer.start(); AlknetTestNodes nodes = AlknetTestNodes.start()) {
            AlknetSession client = nodes.connect(o -> o.noSocks5()
                    .addRemoteForward(ForwardSpec.parseRemote("0:127.0.0.1:" + echo.port())));
            int port = awaitRemotePort(client, Duration.ofSeconds(10));
            assertThat(port).isNotEqualTo(nodes.server().sshPort());
            for (int i = 0; i < 3; i++) {
                try (Socket s = Sockets.connect(port)) {
                    byte[] payload = Payloads.random(200_000 + i, 20 + i);
                    byte[] back = Sockets.exchange(s, payload, Duration.ofSeconds(20));
                    assertThat(Payloads.sha256Hex(back)).isEqualTo(Payloads.sha256Hex(payload));
                }
            }
        }
    }

    static int awaitRemotePort(AlknetSession client, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            int port = client.remoteForwardPort(0);
            if (port > 0) {
                return port;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the -R forward got no server port within " + timeout);
    }
}
