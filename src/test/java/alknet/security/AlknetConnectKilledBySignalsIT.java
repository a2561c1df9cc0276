package alknet.security;

import alknet.api.impl.ServerNode;
import alknet.testsupport.AlknetProcess;
import alknet.testsupport.AlknetTestNodes;
import alknet.testsupport.EchoServer;
import alknet.testsupport.Sockets;
import alknet.testsupport.Socks5TestClient;
import alknet.testsupport.TunnelDestinations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Acceptance 5, the real command line: {@code alknet connect} processes, each holding a {@code -R} forward and an
 * open SOCKS5 tunnel, ended by real SIGINT, SIGTERM and SIGKILL, leave nothing behind on an in-process server (the
 * census of {@link SessionCensus}: sessions, slots, connections, channels, -R claims, descriptors, live session
 * objects). SIGINT and SIGTERM stop the client gracefully with exit 0.
 */
@Timeout(180)
class AlknetConnectKilledBySignalsIT {
    private static final Duration WAIT = Duration.ofSeconds(40);
    private static final Pattern SOCKS_LINE = Pattern.compile("SOCKS5 proxy on 127\\.0\\.0\\.1:(\\d+)");
    private static final List<String> SIGNALS = List.of("INT", "TERM", "KILL");

    @Test
    void connectProcessesEndedBySignalsLeaveNothingOnTheServer() throws Exception {
        List<AlknetProcess> clients = new ArrayList<>();
        List<Socket> tunnels = new ArrayList<>();
        try (EchoServer echo = EchoServer.start(); AlknetTestNodes nodes = AlknetTestNodes.start()) {
            TunnelDestinations.record("127.0.0.1", echo.port());
            ServerNode server = (ServerNode) nodes.server();
            warmUp(nodes, echo);
            SessionCensus baseline = SessionCensus.awaitBackTo(SessionCensus.take(server, nodes.vertx()),
                    Integer.MAX_VALUE / 2, server, nodes.vertx(), Duration.ofSeconds(30));

            for (int i = 0; i < SIGNALS.size(); i++) { // all start at once: the JVM start-ups overlap
                clients.add(AlknetProcess.builder().name("connect-" + SIGNALS.get(i).toLowerCase()).home(nodes.dir())
                        .jvmArgs("-XX:+UseSerialGC", "-Xmx128m", "-XX:TieredStopAtLevel=1") // quick start-up
                        .args("connect", "--server", "127.0.0.1:" + nodes.server().sshPort(),
                                "--identity", nodes.clientKey().toString(), "--user", "tester",
                                "--known-hosts", nodes.dir().resolve("known_hosts").toString(),
                                "--host-key-fingerprint", nodes.server().hostKeyFingerprint(),
                                "--socks5", "127.0.0.1:0",
                                "--remote-forward", "127.0.0.1:0:127.0.0.1:" + echo.port()).start());
            }
            for (AlknetProcess client : clients) {
                int socks = Integer.parseInt(client.stderr().awaitMatch(SOCKS_LINE, WAIT).group(1));
                client.awaitStderrLine("remote forward #1 active", WAIT);
                Socket tunnel = Socks5TestClient.to(socks).connect("127.0.0.1", echo.port());
                tunnels.add(tunnel);
                tunnel.getOutputStream().write("ping".getBytes(StandardCharsets.US_ASCII));
                assertThat(Sockets.readExactly(tunnel, 4)).isEqualTo("ping".getBytes(StandardCharsets.US_ASCII));
            }
            SessionCensus busy = SessionCensus.take(server, nodes.vertx());
            assertThat(busy.sessions()).isEqualTo(SIGNALS.size());
            assertThat(busy.openChannels()).isEqualTo(SIGNALS.size());
            assertThat(busy.remoteForwardClaims()).isEqualTo(SIGNALS.size());

            for (int i = 0; i < clients.size(); i++) {
                clients.get(i).signal(SIGNALS.get(i));
            }
            for (int i = 0; i < clients.size(); i++) {
                int exit = clients.get(i).exitCode(WAIT);
                assertThat(exit).as("exit code after SIG" + SIGNALS.get(i))
                        .isEqualTo(SIGNALS.get(i).equals("KILL") ? 128 + 9 : 0);
            }
            for (Socket t : tunnels) {
                t.close();
            }
            SessionCensus.awaitBackTo(baseline, 5, server, nodes.vertx(), Duration.ofSeconds(30));
        } finally {
            for (Socket t : tunnels) {
                t.close();
            }
            clients.forEach(AlknetProcess::close);
        }
    }

    /** The same paths once in this JVM (a -R forward, a SOCKS5 tunnel), so lazily made resources are in the baseline. */
    private static void warmUp(AlknetTestNodes nodes, EchoServer echo) throws Exception {
        var client = nodes.connect(o -> o.addRemoteForward(
                new alknet.api.ForwardSpec("127.0.0.1", 0, "127.0.0.1", echo.port())));
        try (Socket tunnel = Socks5TestClient.to(client.socks5Port()).connect("127.0.0.1", echo.port())) {
            tunnel.getOutputStream().write("ping".getBytes(StandardCharsets.US_ASCII));
            assertThat(Sockets.readExactly(tunnel, 4)).isEqualTo("ping".getBytes(StandardCharsets.US_ASCII));
        }
        AlknetTestNodes.await(client.close());
    }
}
