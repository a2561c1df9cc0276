package alknet.cli;

import alknet.testsupport.AlknetProcess;
import alknet.testsupport.CoversOption;
import alknet.testsupport.FreePorts;
import alknet.testsupport.ListeningPorts;
import alknet.testsupport.OpenSshClient;
import alknet.testsupport.SshKeys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The connection limits of {@code alknet serve} (10-tunnel.md section 3) set by flags, observed on raw sockets and
 * with OpenSSH: per-IP connections (source addresses 127.0.0.x tell clients apart), unauthenticated connections at
 * once, the authentication timeout and the failed attempts per connection; and {@code --no-ops}.
 */
@Timeout(90)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServeLimitsCliIT {
    private static final Duration AUTH_TIMEOUT = Duration.ofSeconds(3);

    private CliFixture nodes;
    private int port;
    private int opsPort;
    private AlknetProcess server;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        nodes = new CliFixture(dir);
        port = FreePorts.pick();
        opsPort = FreePorts.pick();
        server = nodes.serve("serve-limits", nodes.serveArgs(port, "--max-connections-per-ip", "2",
                "--max-startups", "3", "--auth-timeout", AUTH_TIMEOUT.toSeconds() + "s", "--max-auth-attempts", "2",
                "--ops-listen", "127.0.0.1:" + opsPort, "--no-ops"), Map.of());
    }

    @AfterAll
    void stop() {
        try (CliFixture n = nodes; AlknetProcess s = server) {
            // closed in reverse order
        }
    }

    @Test
    @Order(1)
    @CoversOption(command = "serve", option = "--no-ops")
    void noOpsLeavesTheOpsPortClosed() {
        assertThat(ListeningPorts.isListening(port)).as("SSH port").isTrue();
        assertThat(ListeningPorts.isListening(opsPort)).as("--ops-listen port with --no-ops").isFalse();
    }

    @Test
    @Order(2)
    @CoversOption(command = "serve", option = "--max-connections-per-ip")
    @CoversOption(command = "serve", option = "--max-startups")
    @CoversOption(command = "serve", option = "--auth-timeout")
    void unauthenticatedConnectionsAreLimitedPerIpAndInTotalAndTimedOut() throws Exception {
        List<Socket> sockets = new ArrayList<>();
        try {
            Socket first = open("127.0.0.1", sockets);
            long firstOpened = System.nanoTime();
            assertThat(banner(first)).as("1st from 127.0.0.1").startsWith("SSH-2.0-");
            assertThat(banner(open("127.0.0.1", sockets))).as("2nd from 127.0.0.1").startsWith("SSH-2.0-");
            assertThat(banner(open("127.0.0.1", sockets))).as("3rd from 127.0.0.1: over the per-IP limit of 2").isNull();
            assertThat(banner(open("127.0.0.2", sockets))).as("from 127.0.0.2: 3rd unauthenticated").startsWith("SSH-2.0-");
            assertThat(banner(open("127.0.0.3", sockets))).as("from 127.0.0.3: over max-startups 3").isNull();

            assertThat(closedWithin(first, AUTH_TIMEOUT.plusSeconds(5))).as("closed by the auth timeout").isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - firstOpened)).as("open until the auth timeout")
                    .isGreaterThanOrEqualTo(AUTH_TIMEOUT.minusMillis(500));
        } finally {
            for (Socket s : sockets) {
                s.close();
            }
        }
    }

    @Test
    @Order(3)
    @CoversOption(command = "serve", option = "--max-auth-attempts")
    void connectionIsClosedAfterTwoFailedAttempts() {
        List<String> args = new ArrayList<>(List.of("-v", "-N", "-b", "127.0.0.4"));
        for (int i = 0; i < 5; i++) {
            args.add("-i");
            args.add(SshKeys.generateEd25519(nodes.dir, "unknown" + i).privateKey().toString());
        }
        try (OpenSshClient ssh = OpenSshClient.builder().port(port).user("tester")
                .option("PreferredAuthentications", "publickey").args(args.toArray(String[]::new)).start()) {
            assertThat(ssh.exitCode(Duration.ofSeconds(20))).as("ssh exit code").isEqualTo(255);
            // two failures are allowed; the third request is answered with the disconnect, so keys 4 and 5 never go out
            List<String> offered = ssh.stderr().lines().stream().filter(l -> l.contains("Offering public key")).toList();
            assertThat(offered).as("keys offered before the server closed; ssh stderr:\n" + ssh.stderr().text()).hasSize(3);
            assertThat(ssh.stderr().text()).contains("Too many authentication failures");
        }
    }

    /** A TCP connection to the server from the loopback address {@code source}. */
    private Socket open(String source, List<Socket> sockets) throws IOException {
        Socket s = new Socket();
        sockets.add(s);
        s.bind(new InetSocketAddress(InetAddress.getByName(source), 0));
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
        return s;
    }

    /** The server's identification line, or null when it closes the connection without one. */
    private static String banner(Socket socket) throws IOException {
        socket.setSoTimeout(5_000);
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        try {
            for (int b = in.read(); b >= 0; b = in.read()) {
                if (b == '\n') {
                    return line.toString(StandardCharsets.US_ASCII).strip();
                }
                line.write(b);
            }
            return null;
        } catch (SocketTimeoutException e) {
            throw new AssertionError("neither a banner nor a close within 5 s");
        } catch (IOException reset) {
            return null;
        }
    }

    private static boolean closedWithin(Socket socket, Duration within) throws IOException {
        socket.setSoTimeout((int) within.toMillis());
        try {
            while (socket.getInputStream().read() >= 0) {
                // an SSH peer that says nothing gets nothing more than the banner
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }
}
