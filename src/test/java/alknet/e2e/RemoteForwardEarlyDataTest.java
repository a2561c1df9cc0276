package alknet.e2e;

import alknet.api.AlknetSession;
import alknet.api.ForwardSpec;
import alknet.testsupport.AlknetTestNodes;
import alknet.testsupport.EchoServer;
import alknet.testsupport.Payloads;
import alknet.testsupport.Sockets;
import alknet.testsupport.TunnelDestinations;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application that speaks first (HTTP, SMTP clients...) writes right after connecting to an -R port,
 * before the server has opened the forwarded-tcpip channel to the client. Those bytes must wait for
 * the channel (MINA's forwarder calls suspendRead in sessionCreated and resumeRead once the channel is
 * open), not be lost or kill the connection. Found while writing DestinationFreeLogsTest.
 */
@Timeout(60)
class RemoteForwardEarlyDataTest {
    @Test
    void bytesSentImmediatelyAfterConnectingToAnRPortArrive() throws Exception {
        try (EchoServer echo = EchoServer.start(); AlknetTestNodes nodes = AlknetTestNodes.start()) {
            TunnelDestinations.record("127.0.0.1", echo.port());
            AlknetSession client = nodes.connect(o -> o.addRemoteForward(
                    new ForwardSpec("127.0.0.1", 0, "127.0.0.1", echo.port())));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (client.remoteForwardPort(0) <= 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(client.remoteForwardPort(0)).as("-R granted").isPositive();
            for (int i = 0; i < 5; i++) {
                byte[] payload = Payloads.random(64 * 1024, i);
                try (Socket s = Sockets.connect(client.remoteForwardPort(0))) {
                    byte[] back = Sockets.exchange(s, payload, Duration.ofSeconds(10));
                    assertThat(back.length).as("round %d: bytes echoed through -R", i).isEqualTo(payload.length);
                    assertThat(Payloads.sha256Hex(back)).isEqualTo(Payloads.sha256Hex(payload));
                }
            }
        }
    }
}
