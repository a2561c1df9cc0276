package alknet.interop;

import alknet.api.Alknet;
import alknet.api.AlknetSession;
import alknet.api.AlknetVertx;
import alknet.api.ConnectOptions;
import alknet.api.ForwardSpec;
import alknet.testsupport.AlknetTestNodes;
import alknet.testsupport.EchoServer;
import alknet.testsupport.OpenSshd;
import alknet.testsupport.SinkServer;
import alknet.testsupport.SshKeyPair;
import alknet.testsupport.SshKeys;
import alknet.testsupport.Socks5TestClient;
import alknet.testsupport.Sockets;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

import static alknet.interop.Transfers.FOUR_MIB;
import static alknet.interop.Transfers.ONE_MIB;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The alknet client (embedding API, same code as {@code alknet connect}) against the real OpenSSH {@code sshd}
 * on a loopback port with its own config: SOCKS5 and {@code -L} carry data byte-exact (10-tunnel.md s. 6).
 * The client key comes from {@code ssh-keygen}; sshd wants the real login name as the SSH user.
 */
@Tag("interop")
@Timeout(60)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AlknetClientAgainstOpenSshdTest {
    private Path dir;
    private OpenSshd sshd;
    private EchoServer echo;
    private SinkServer sink;
    private Vertx vertx;
    private AlknetSession client;

    @BeforeAll
    void start() throws Exception {
        dir = Files.createTempDirectory("alknet-interop-sshd-");
        SshKeyPair userKey = SshKeys.generateEd25519(dir, "id_ed25519");
        sshd = OpenSshd.start(SshKeys.writeAuthorizedKeys(dir.resolve("authorized_keys"), userKey.publicKeyLine()));
        echo = EchoServer.start();
        sink = SinkServer.start();
        Transfers.recordDestinations(echo.port(), sink.port());
        vertx = AlknetVertx.create();
        client = AlknetTestNodes.await(Alknet.connect(vertx, new ConnectOptions()
                .server("127.0.0.1", sshd.port())
                .identity(userKey.privateKey())
                .user(System.getProperty("user.name"))
                .knownHosts(dir.resolve("known_hosts"))
                .hostKeyFingerprint(sshd.hostKeyFingerprint())
                .socks5("127.0.0.1", 0)
                .addLocalForward(new ForwardSpec("127.0.0.1", 0, "127.0.0.1", echo.port()))
                .addLocalForward(new ForwardSpec("127.0.0.1", 0, "localhost", sink.port()))));
        AlknetTestNodes.await(client.firstSession());
    }

    @AfterAll
    void stop() throws Exception {
        try {
            if (client != null) {
                AlknetTestNodes.await(client.close());
            }
        } finally {
            if (vertx != null) {
                AlknetTestNodes.await(vertx.close());
            }
            if (echo != null) {
                echo.close();
            }
            if (sink != null) {
                sink.close();
            }
            if (sshd != null) {
                sshd.close();
            }
            deleteTree(dir);
        }
    }

    @Test
    void sessionToSshdIsUp() {
        assertThat(client.connected()).isTrue();
        assertThat(client.socks5Port()).isPositive();
    }

    @Test
    void socks5EchoesOneMebibyteToAnIpTarget() throws Exception {
        try (Socket tunnel = Socks5TestClient.to(client.socks5Port()).connect(InetAddress.getLoopbackAddress(),
                echo.port())) {
            Transfers.assertEchoes(tunnel, ONE_MIB, 61);
        }
    }

    @Test
    void socks5EchoesFourMebibytesToADomainTargetThatSshdResolves() throws Exception {
        try (Socket tunnel = Socks5TestClient.to(client.socks5Port()).connect("localhost", echo.port())) {
            Transfers.assertEchoes(tunnel, FOUR_MIB, 62);
        }
    }

    @Test
    void socks5DeliversFourMebibytesIntoASink() throws Exception {
        try (Socket tunnel = Socks5TestClient.to(client.socks5Port()).connect(InetAddress.getLoopbackAddress(),
                sink.port())) {
            Transfers.assertSinks(tunnel, sink, FOUR_MIB, 63);
        }
    }

    @Test
    void localForwardEchoesOneAndFourMebibytes() throws Exception {
        try (Socket tunnel = Sockets.connect(client.localForwardPort(0))) {
            Transfers.assertEchoes(tunnel, ONE_MIB, 64);
        }
        try (Socket tunnel = Sockets.connect(client.localForwardPort(0))) {
            Transfers.assertEchoes(tunnel, FOUR_MIB, 65);
        }
    }

    @Test
    void localForwardEchoReachesAReaderThatStartsLate() throws Exception {
        try (Socket tunnel = Sockets.connect(client.localForwardPort(0))) {
            Transfers.assertEchoesToLateReader(tunnel, FOUR_MIB, 67, Duration.ofMillis(500));
        }
    }

    @Test
    void localForwardDeliversFourMebibytesIntoASink() throws Exception {
        try (Socket tunnel = Sockets.connect(client.localForwardPort(1))) {
            Transfers.assertSinks(tunnel, sink, FOUR_MIB, 66);
        }
    }

    private static void deleteTree(Path root) throws Exception {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
