package alknet.e2e;

import alknet.testsupport.AlknetProcess;
import alknet.testsupport.CoversOption;
import alknet.testsupport.EchoServer;
import alknet.testsupport.FreePorts;
import alknet.testsupport.ListeningPorts;
import alknet.testsupport.TunnelDestinations;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Acceptance 8a (10-tunnel.md section 2, keepalives): a client that stops answering (SIGSTOP: its TCP
 * connection stays up, only the SSH layer goes silent) is dropped by a {@code --keepalive 1} server
 * after 3 missed keepalives - within 6 s (3 intervals plus margin) the server logs
 * {@code connection closed} for it and its {@code -R} port is released (nothing listens, and the port
 * can be bound again).
 */
@Timeout(120)
class DeadPeerKeepaliveIT {
    private static final Pattern OPENED = Pattern.compile("connection opened remote_addr=127\\.0\\.0\\.1 remote_port=(\\d+)");

    @Test
    @CoversOption(command = "serve", option = "--keepalive")
    @CoversOption(command = "connect", option = "--remote-forward")
    void stoppedClientIsDroppedAndItsRemoteForwardPortFreed() throws Exception {
        ProcessNodes nodes = new ProcessNodes();
        int remotePort = FreePorts.pick();
        try (EchoServer echo = EchoServer.start();
                AlknetProcess server = nodes.startServer("server", null, "--keepalive", "1");
                AlknetProcess client = nodes.startClient("client", null, "--keepalive", "1", "--no-socks5",
                        "-R", "127.0.0.1:" + remotePort + ":127.0.0.1:" + echo.port())) {
            TunnelDestinations.record("127.0.0.1", echo.port());
            client.awaitStderrLine("remote forward #1 active on server port " + remotePort, ProcessNodes.START);
            Matcher opened = server.stderr().awaitMatch(OPENED, Duration.ofSeconds(10));
            String clientPort = opened.group(1);
            ListeningPorts.await(remotePort, Duration.ofSeconds(5), () -> server.isAlive() ? null : "server died");

            client.signal("STOP");
            long stoppedAt = System.nanoTime();
            try {
                server.awaitStderrLine("connection closed remote_addr=127.0.0.1 remote_port=" + clientPort + " ",
                        Duration.ofSeconds(6));
                Duration detected = Duration.ofNanos(System.nanoTime() - stoppedAt);
                assertThat(detected).as("dropped after ~3 missed keepalives, not at once")
                        .isGreaterThanOrEqualTo(Duration.ofMillis(1500));

                long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
                while (ListeningPorts.isListening(remotePort) && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertThat(ListeningPorts.isListening(remotePort)).as("-R port %d released", remotePort).isFalse();
                try (ServerSocket again = new ServerSocket()) {
                    again.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), remotePort));
                    assertThat(again.isBound()).as("-R port can be bound again").isTrue();
                }
                assertThat(server.isAlive()).as("server still running").isTrue();
            } finally {
                client.signal("CONT");
            }
        }
    }
}
