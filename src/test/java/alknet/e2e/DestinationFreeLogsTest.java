package alknet.e2e;

import alknet.api.AlknetSession;
import alknet.api.ForwardSpec;
import alknet.testsupport.AlknetTestNodes;
import alknet.testsupport.DestinationFreeLogs;
import alknet.testsupport.ExternalCommand;
import alknet.testsupport.LogCollector;
import alknet.testsupport.Payloads;
import alknet.testsupport.Sockets;
import alknet.testsupport.Socks5TestClient;
import alknet.testsupport.TunnelDestinations;
import alknet.testsupport.TunnelDestinations.Destination;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Acceptance 7 (10-tunnel.md section 4): with alknet's loggers (and MINA's) at TRACE, one in-process
 * server and client carry SOCKS5 to an IPv4 target and to a domain name ({@code localhost}), an -L and
 * an -R forward, a refused target, an unresolvable name and a policy-denied {@code alknet-x} target;
 * then no collected log line (any level, client or server) and no /metrics line contains a destination
 * host:port, a destination port as any standalone number, a destination name, or a transferred byte
 * count. Destination ports are picked from 20000-29999, below Linux's ephemeral range, so no
 * remote_port or listener port can equal one by chance; byte counts are odd numbers such as 123457.
 */
@Timeout(90)
class DestinationFreeLogsTest {
    private static final String[] LOGGERS = {"alknet", "org.apache.sshd", "io.vertx", "io.netty"};
    private static final String UNRESOLVABLE = "destination-leak-check.invalid";

    private final Map<String, Level> savedLevels = new LinkedHashMap<>();
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @BeforeEach
    void traceEverything() {
        LogCollector.installInProcess();
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        for (String name : LOGGERS) {
            Logger logger = context.getLogger(name);
            savedLevels.put(name, logger.getLevel());
            logger.setLevel(name.equals("alknet") || name.equals("org.apache.sshd") ? Level.TRACE : Level.DEBUG);
        }
    }

    @AfterEach
    void restoreLevels() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        savedLevels.forEach((name, level) -> context.getLogger(name).setLevel(level));
    }

    @Test
    void noDestinationPortNameOrByteCountReachesAnyLogLine() throws Exception {
        int mark = LogCollector.mark();
        DeliberateEcho socksTarget = track(DeliberateEcho.start());
        DeliberateEcho forwardTarget = track(DeliberateEcho.start());
        DeliberateEcho remoteTarget = track(DeliberateEcho.start());
        int refusedPort = DeliberateEcho.closedPort();
        int deniedPort = DeliberateEcho.closedPort();
        int unresolvablePort = DeliberateEcho.closedPort();

        List<Destination> destinations = List.of(
                new Destination("127.0.0.1", socksTarget.port()),
                new Destination("localhost", socksTarget.port()),
                new Destination("127.0.0.1", forwardTarget.port()),
                new Destination("127.0.0.1", remoteTarget.port()),
                new Destination("127.0.0.1", refusedPort),
                new Destination("alknet-x", deniedPort),
                new Destination(UNRESOLVABLE, unresolvablePort));
        destinations.forEach(d -> TunnelDestinations.record(d.host(), d.port()));

        int socksIpv4Bytes = 123_457;
        int socksDomainBytes = 234_567;
        int localForwardBytes = 345_679;
        int remoteForwardBytes = 456_791;
        List<String> byteCounts = new ArrayList<>();
        for (int n : new int[] {socksIpv4Bytes, socksDomainBytes, localForwardBytes, remoteForwardBytes}) {
            byteCounts.add(Integer.toString(n));
            byteCounts.add(Integer.toString(2 * n)); // both directions together
        }

        List<String> metrics;
        try (AlknetTestNodes nodes = AlknetTestNodes.start()) {
            AlknetSession client = nodes.connect(o -> o
                    .addLocalForward(new ForwardSpec("127.0.0.1", 0, "127.0.0.1", forwardTarget.port()))
                    .addRemoteForward(new ForwardSpec("127.0.0.1", 0, "127.0.0.1", remoteTarget.port())));
            Socks5TestClient socks = Socks5TestClient.to(client.socks5Port());

            // SOCKS5, IPv4 target
            try (Socket s = socks.connect(InetAddress.getByName("127.0.0.1"), socksTarget.port())) {
                assertEchoed(s, socksIpv4Bytes);
            }
            // SOCKS5, domain name sent unresolved
            try (Socket s = socks.connect("localhost", socksTarget.port())) {
                assertEchoed(s, socksDomainBytes);
            }
            // -L
            try (Socket s = Sockets.connect(client.localForwardPort(0))) {
                assertEchoed(s, localForwardBytes);
            }
            // -R
            int remotePort = awaitRemoteForward(client);
            try (Socket s = Sockets.connect(remotePort)) {
                // Whether -R carries data is RemoteForwardEarlyDataTest's business (it fails today); here the
                // forwarded-tcpip path only has to run, successful or not, so its log lines can be checked.
                Thread.sleep(500);
                assertEchoed(s, remoteForwardBytes);
            } catch (IOException | AssertionError remoteForwardBroken) {
                System.err.println("DestinationFreeLogsTest: -R did not carry data (" + remoteForwardBroken
                        + "); checking its log lines anyway");
            }
            // refused target (nothing listens there)
            Socks5TestClient.Result refused = socks.attempt(InetAddress.getByName("127.0.0.1"), refusedPort);
            assertThat(refused.code()).as("refused target").isEqualTo(Socks5TestClient.REPLY_CONNECTION_REFUSED);
            // a name that does not resolve
            Socks5TestClient.Result unresolvable = socks.attempt(UNRESOLVABLE, unresolvablePort);
            assertThat(unresolvable.succeeded()).as("unresolvable name").isFalse();
            // policy-denied reserved destination
            Socks5TestClient.Result denied = socks.attempt("alknet-x", deniedPort);
            assertThat(denied.code()).as("alknet-x is refused by policy").isEqualTo(Socks5TestClient.REPLY_NOT_ALLOWED);
            awaitLine(mark, "channel denied remote_addr=127.0.0.1", "reason=policy");

            ExternalCommand.Result scrape = nodes.ops("/metrics");
            metrics = List.of(scrape.stdout().split("\n"));
            assertThat(metrics.size()).as("/metrics answered").isGreaterThan(5);
        }
        // nodes closed: session close lines, channel close lines etc. are in too
        List<String> lines = LogCollector.linesSince(mark);
        assertThat(lines).as("the collector saw the server's lines (else this test proves nothing)")
                .anyMatch(l -> l.startsWith("connection opened remote_addr=127.0.0.1"))
                .anyMatch(l -> l.startsWith("connection closed remote_addr=127.0.0.1"));

        DestinationFreeLogs.assertNone(DestinationFreeLogs.strictLeaks(lines, destinations, byteCounts),
                "logged at TRACE while tunnelling");
        DestinationFreeLogs.assertNone(DestinationFreeLogs.strictLeaks(metrics.stream()
                .filter(l -> !l.startsWith("#")).toList(), destinations, List.of()), "in /metrics");
    }

    private <T extends AutoCloseable> T track(T closeable) {
        closeables.add(closeable);
        return closeable;
    }

    private static void assertEchoed(Socket s, int size) throws IOException {
        byte[] payload = Payloads.random(size, size);
        byte[] back = Sockets.exchange(s, payload, Duration.ofSeconds(20));
        assertThat(Payloads.sha256Hex(back)).as("%d bytes echoed", size).isEqualTo(Payloads.sha256Hex(payload));
    }

    private static int awaitRemoteForward(AlknetSession client) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (client.remoteForwardPort(0) <= 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("-R forward was not granted within 10 s");
            }
            Thread.sleep(20);
        }
        return client.remoteForwardPort(0);
    }

    private static void awaitLine(int mark, String start, String contains) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (LogCollector.linesSince(mark).stream().noneMatch(l -> l.startsWith(start) && l.contains(contains))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no log line '" + start + " ... " + contains + "'");
            }
            Thread.sleep(20);
        }
    }

    /** An echo server on a port picked from 20000-29999 (below the ephemeral range). */
    static final class DeliberateEcho implements AutoCloseable {
        private final ServerSocket server;
        private final Thread acceptor;

        private DeliberateEcho(ServerSocket server) {
            this.server = server;
            this.acceptor = new Thread(this::acceptLoop, "deliberate-echo " + server.getLocalPort());
            this.acceptor.setDaemon(true);
        }

        static DeliberateEcho start() throws IOException {
            DeliberateEcho echo = new DeliberateEcho(bindDeliberate());
            echo.acceptor.start();
            return echo;
        }

        /** A port in 20000-29999 that nothing listens on (nothing is left bound to it). */
        static int closedPort() throws IOException {
            try (ServerSocket s = bindDeliberate()) {
                return s.getLocalPort();
            }
        }

        private static ServerSocket bindDeliberate() throws IOException {
            for (int attempt = 0; attempt < 200; attempt++) {
                int port = 20_000 + ThreadLocalRandom.current().nextInt(10_000);
                ServerSocket s = new ServerSocket();
                try {
                    s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
                    return s;
                } catch (IOException busy) {
                    s.close();
                }
            }
            throw new IOException("no free port in 20000-29999");
        }

        int port() {
            return server.getLocalPort();
        }

        private void acceptLoop() {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    Thread t = new Thread(() -> echo(socket), "deliberate-echo conn");
                    t.setDaemon(true);
                    t.start();
                } catch (IOException e) {
                    return;
                }
            }
        }

        private static void echo(Socket socket) {
            try (socket) {
                InputStream in = socket.getInputStream();
                OutputStream out = socket.getOutputStream();
                in.transferTo(out);
                socket.shutdownOutput();
            } catch (IOException ignored) {
                // peer went away
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
