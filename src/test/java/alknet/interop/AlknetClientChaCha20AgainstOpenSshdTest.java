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
import alknet.testsupport.Sockets;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static alknet.interop.Transfers.FOUR_MIB;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The alknet client, whose side of the cipher is {@code alknet.ssh.cipher.ChaCha20Poly1305Cipher}, against the real
 * {@code sshd} with {@code Ciphers chacha20-poly1305@openssh.com} (nothing else to negotiate) and {@code RekeyLimit 1M},
 * so sshd rekeys several times while a forward carries MiBs byte-exact both ways.
 */
@Tag("interop")
@Timeout(60)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AlknetClientChaCha20AgainstOpenSshdTest {
    private static final String CHACHA = "chacha20-poly1305@openssh.com";

    private Path dir;
    private OpenSshd sshd;
    private EchoServer echo;
    private SinkServer sink;
    private Vertx vertx;
    private AlknetSession client;

    @BeforeAll
    void start() throws Exception {
        dir = Files.createTempDirectory("alknet-interop-chacha-");
        SshKeyPair userKey = SshKeys.generateEd25519(dir, "id_ed25519");
        sshd = OpenSshd.builder()
                .authorizedKeys(SshKeys.writeAuthorizedKeys(dir.resolve("authorized_keys"), userKey.publicKeyLine()))
                .config("Ciphers", CHACHA)
                .config("RekeyLimit", "1M")
                .logLevel("DEBUG1")
                .start();
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
                .ciphers(List.of(CHACHA))
                .noSocks5()
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
    void sshdNegotiatedChaCha20BothWays() {
        for (String direction : new String[] {"client->server", "server->client"}) {
            sshd.stderr().awaitMatch(Pattern.compile("kex: " + Pattern.quote(direction) + " cipher: " + Pattern.quote(CHACHA)),
                    Duration.ofSeconds(5));
        }
    }

    @Test
    void localForwardEchoesFourMebibytesTwiceWithRekeys() throws Exception {
        for (long seed : new long[] {94, 95}) {
            try (Socket tunnel = Sockets.connect(client.localForwardPort(0))) {
                Transfers.assertEchoes(tunnel, FOUR_MIB, seed);
            }
        }
        assertThat(sshd.stderr().lines().stream().filter(l -> l.contains("SSH2_MSG_KEXINIT sent")).count())
                .as("key exchanges: the first plus rekeys every MiB").isGreaterThan(4);
    }

    @Test
    void localForwardDeliversFourMebibytesIntoASink() throws Exception {
        try (Socket tunnel = Sockets.connect(client.localForwardPort(1))) {
            Transfers.assertSinks(tunnel, sink, FOUR_MIB, 96);
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
