package alknet.cli;

import alknet.testsupport.AlknetProcess;
import alknet.testsupport.CoversOption;
import alknet.testsupport.FreePorts;
import alknet.testsupport.OpenSshClient;
import alknet.testsupport.Socks5TestClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The per-address startup cap and the per-session channel cap of {@code alknet serve}, set by flags and observed from
 * outside: raw sockets from two loopback addresses, and OpenSSH {@code -D} holding channels open.
 */
@Timeout(90)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServeSessionLimitsCliIT {
    private CliFixture nodes;
    private int port;
    private AlknetProcess server;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        nodes = new CliFixture(dir);
        port = FreePorts.pick();
        server = nodes.serve("serve-session-limits", nodes.serveArgs(port, "--max-startups-per-ip", "1",
                "--max-channels-per-session", "2", "--no-ops"), Map.of());
    }

    @AfterAll
    void stop() {
        try (CliFixture n = nodes; AlknetProcess s = server) {
            // closed in reverse order
        }
    }

    @Test
    @CoversOption(command = "serve", option = "--max-startups-per-ip")
    void oneAddressHoldsOnlyItsShareOfTheUnauthenticatedSlots() throws Exception {
        List<Socket> sockets = new ArrayList<>();
        try {
            assertThat(answers(open("127.0.0.5", sockets))).as("1st from 127.0.0.5").isTrue();
            assertThat(answers(open("127.0.0.5", sockets))).as("2nd from 127.0.0.5: over --max-startups-per-ip 1").isFalse();
            assertThat(answers(open("127.0.0.6", sockets))).as("from 127.0.0.6: its own slot").isTrue();
        } finally {
            for (Socket s : sockets) {
                s.close();
            }
        }
    }

    @Test
    @CoversOption(command = "serve", option = "--max-channels-per-session")
    void aSessionOpensNoMoreChannelsThanTheCap() throws Exception {
        int socksPort = FreePorts.pick();
        try (OpenSshClient ssh = OpenSshClient.dynamicForward(port, nodes.client.privateKey(), socksPort)) {
            ssh.waitForPort(socksPort);
            Socks5TestClient socks = Socks5TestClient.to(socksPort).timeout(Duration.ofSeconds(10));
            try (Socket first = socks.connect("127.0.0.1", nodes.echo.port());
                 Socket second = socks.connect("127.0.0.1", nodes.echo.port())) {
                Socks5TestClient.Result third = socks.attempt("127.0.0.1", nodes.echo.port());
                assertThat(third.succeeded()).as("a third channel while two are open").isFalse();
            }
            // the closes reach the server a moment after the sockets close here: the session opens channels again soon
            assertThat(opensAChannelWithin(socks, Duration.ofSeconds(10))).as("a channel once the two closed").isTrue();
            nodes.assertSocksEchoes(socks);
        }
    }

    private boolean opensAChannelWithin(Socks5TestClient socks, Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            Socks5TestClient.Result result = socks.attempt("127.0.0.1", nodes.echo.port());
            if (result.succeeded()) {
                result.socket().close();
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }

    private Socket open(String source, List<Socket> sockets) throws IOException {
        Socket s = new Socket();
        sockets.add(s);
        s.bind(new InetSocketAddress(InetAddress.getByName(source), 0));
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
        return s;
    }

    /** True when the server sends its identification, false when it closes the connection without one. */
    private static boolean answers(Socket socket) throws IOException {
        socket.setSoTimeout(5_000);
        InputStream in = socket.getInputStream();
        try {
            return in.read() == 'S';
        } catch (SocketTimeoutException e) {
            throw new AssertionError("neither a banner nor a close within 5 s");
        } catch (IOException reset) {
            return false;
        }
    }
}
