package alknet.e2e;

import alknet.testsupport.AlknetProcess;
import alknet.testsupport.CoversOption;
import alknet.testsupport.EchoServer;
import alknet.testsupport.FreePorts;
import alknet.testsupport.ListeningPorts;
import alknet.testsupport.Payloads;
import alknet.testsupport.Sockets;
import alknet.testsupport.Socks5TestClient;
import alknet.testsupport.TunnelDestinations;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Acceptance 8b (10-tunnel.md section 5, reconnection): a client process with SOCKS5 and -R loses its
 * server (kill -9 mid-use). While the server is down the SOCKS5 port stays bound and accepts TCP; the
 * retry delays follow 1, 2, 4 s with +-20 % jitter; when a new server with the same host key comes up
 * on the same port the client logs {@code session restored} within the backoff schedule, new SOCKS5
 * connections carry data and the -R forward is re-requested and carries data again.
 */
@Timeout(180)
class ReconnectIT {
    private static final Pattern DELAY = Pattern.compile("reconnecting to \\S+ in (\\d+\\.\\d)s");

    @Test
    @CoversOption(command = "connect", option = "--remote-forward")
    void clientSurvivesServerRestartWithListenersBound() throws Exception {
        ProcessNodes nodes = new ProcessNodes();
        int socksPort = FreePorts.pick();
        int remotePort = FreePorts.pick();
        try (EchoServer echo = EchoServer.start()) {
            TunnelDestinations.record("127.0.0.1", echo.port());
            AlknetProcess first = nodes.startServer("server-1", null, "--keepalive", "1");
            try (AlknetProcess client = nodes.startClient("client", null, "--keepalive", "1",
                    "--socks5", "127.0.0.1:" + socksPort, "-R", "127.0.0.1:" + remotePort + ":127.0.0.1:" + echo.port())) {
                client.awaitStderrLine("session up", ProcessNodes.START);
                client.awaitStderrLine("remote forward #1 active on server port " + remotePort, Duration.ofSeconds(10));
                assertSocksCarries(socksPort, echo.port(), 1);

                // kill -9 the server in the middle of a SOCKS5 tunnel
                try (Socket busy = Socks5TestClient.to(socksPort).connect(InetAddress.getByName("127.0.0.1"), echo.port())) {
                    busy.getOutputStream().write(new byte[1024]);
                    first.signal("KILL");
                    first.exitCode(Duration.ofSeconds(10));
                }
                long downAt = System.nanoTime();
                client.awaitStderrLine("session lost", Duration.ofSeconds(10));

                // while down: the SOCKS5 listener is still bound and accepts connections
                long stayDown = System.nanoTime() + Duration.ofMillis(3500).toNanos();
                while (System.nanoTime() < stayDown) {
                    assertThat(ListeningPorts.isListening(socksPort)).as("SOCKS5 port bound while the server is down").isTrue();
                    try (Socket plain = Sockets.connect(socksPort)) {
                        assertThat(plain.isConnected()).isTrue();
                    }
                    Thread.sleep(250);
                }

                try (AlknetProcess second = nodes.startServer("server-2", null, "--keepalive", "1")) {
                    long upAt = System.nanoTime();
                    client.awaitStderrLine("session restored", Duration.ofSeconds(25));
                    Duration restoreAfterUp = Duration.ofNanos(System.nanoTime() - upAt);
                    Duration totalOutage = Duration.ofNanos(System.nanoTime() - downAt);

                    List<Double> delays = reconnectDelays(client);
                    assertThat(delays).as("reconnect delays logged (%s)", delays).hasSizeGreaterThanOrEqualTo(2);
                    double[] nominal = {1, 2, 4, 8, 16};
                    for (int i = 0; i < Math.min(delays.size(), nominal.length); i++) {
                        assertThat(delays.get(i)).as("delay #%d of %s", i + 1, delays)
                                .isBetween(nominal[i] * 0.8 - 0.1, nominal[i] * 1.2 + 0.1);
                    }
                    // the pending delay when the server came back bounds how long restoring may take
                    double pending = delays.get(delays.size() - 1);
                    assertThat(restoreAfterUp.toMillis()).as("restored within the pending backoff step (total outage %s)",
                            totalOutage).isLessThanOrEqualTo((long) (pending * 1000) + 5_000);

                    System.out.printf("ReconnectIT: delays %s s, restored %d ms after the new server was up, outage %d ms%n",
                            delays, restoreAfterUp.toMillis(), totalOutage.toMillis());
                    assertThat(ListeningPorts.isListening(socksPort)).as("SOCKS5 port still bound").isTrue();
                    assertSocksCarries(socksPort, echo.port(), 2);

                    awaitLineCount(client, "remote forward #1 active on server port " + remotePort, 2, Duration.ofSeconds(10));
                    ListeningPorts.await(remotePort, Duration.ofSeconds(5), () -> second.isAlive() ? null : "server died");
                    try (Socket s = Sockets.connect(remotePort)) {
                        byte[] payload = Payloads.random(64 * 1024, 3);
                        assertThat(Payloads.sha256Hex(Sockets.exchange(s, payload, Duration.ofSeconds(10))))
                                .as("-R carries data after the reconnect").isEqualTo(Payloads.sha256Hex(payload));
                    }
                }
            } finally {
                first.close();
            }
        }
    }

    private static void assertSocksCarries(int socksPort, int echoPort, long seed) throws Exception {
        byte[] payload = Payloads.random(256 * 1024, seed);
        try (Socket s = Socks5TestClient.to(socksPort).connect(InetAddress.getByName("127.0.0.1"), echoPort)) {
            assertThat(Payloads.sha256Hex(Sockets.exchange(s, payload, Duration.ofSeconds(15))))
                    .as("SOCKS5 tunnel echoes").isEqualTo(Payloads.sha256Hex(payload));
        }
    }

    private static List<Double> reconnectDelays(AlknetProcess client) {
        List<Double> delays = new ArrayList<>();
        for (String line : client.stderrLines()) {
            Matcher m = DELAY.matcher(line);
            if (m.find()) {
                delays.add(Double.parseDouble(m.group(1)));
            }
        }
        return delays;
    }

    private static void awaitLineCount(AlknetProcess p, String text, int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (p.stderrLines().stream().filter(l -> l.contains(text)).count() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("fewer than " + count + " lines '" + text + "' from " + p + ":\n"
                        + String.join("\n", p.stderrLines()));
            }
            Thread.sleep(50);
        }
    }
}
