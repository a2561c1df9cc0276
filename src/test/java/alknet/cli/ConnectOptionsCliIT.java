package alknet.cli;

import alknet.auth.PrivateKeyFiles;
import alknet.testsupport.AlknetProcess;
import alknet.testsupport.CoversOption;
import alknet.testsupport.FreePorts;
import alknet.testsupport.KexInitProbe;
import alknet.testsupport.ListeningPorts;
import alknet.testsupport.NonStrictKexPeers;
import alknet.testsupport.OpenSshd;
import alknet.testsupport.Socks5TestClient;
import alknet.testsupport.TcpStates;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code alknet connect} options (10-tunnel.md section 5) through the packaged jar, against an alknet WebSocket
 * server, a probe that reads the client's key exchange offer, MINA servers without strict key exchange and
 * OpenSSH sshd. The WebSocket server and its client are shared: the last test stops the server (SIGSTOP) and
 * watches the client's keepalives drop the connection.
 */
@Timeout(120)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConnectOptionsCliIT {
    private static final String WS_PATH = "/cli-tunnel";

    private CliFixture nodes;
    private int wsPort;
    private int wsSocks;
    private AlknetProcess wsServer;
    private AlknetProcess wsClient;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        nodes = new CliFixture(dir);
        wsPort = FreePorts.pick();
        wsSocks = FreePorts.pick();
        wsServer = nodes.serve("serve-wss", nodes.serveArgs(wsPort, "--no-ops", "--transport", "ws",
                "--ws-path", WS_PATH, "--tls-cert", nodes.tls.cert().toString(), "--tls-key", nodes.tls.key().toString()),
                Map.of());
        wsClient = nodes.start("connect-wss", nodes.connectArgs(wsPort, "--transport", "ws", "--ws-path", WS_PATH,
                "--ws-tls", "--insecure", "--host-key-fingerprint", nodes.host.fingerprint(),
                "--socks5", "127.0.0.1:" + wsSocks, "--keepalive", "1"), Map.of());
    }

    @AfterAll
    void stop() {
        try (CliFixture n = nodes; AlknetProcess s = wsServer; AlknetProcess c = wsClient) {
            s.signal("CONT");
        }
    }

    @Test
    @Order(1)
    @CoversOption(command = "serve", option = "--ws-path")
    @CoversOption(command = "connect", option = "--ws-path")
    @CoversOption(command = "connect", option = "--ws-tls")
    @CoversOption(command = "connect", option = "--insecure")
    @CoversOption(command = "connect", option = "--transport")
    void webSocketOverTlsOnTheChosenPathWithoutCertificateVerification() throws Exception {
        ListeningPorts.await(wsSocks, CliFixture.START, () -> wsClient.isAlive() ? null : "client exited");
        nodes.assertSocksEchoes(Socks5TestClient.to(wsSocks));
    }

    @Test
    @Order(2)
    @CoversOption(command = "connect", option = "--ciphers")
    void clientOffersOnlyTheChosenCiphers() throws Exception {
        List<String> ciphers = List.of("aes256-gcm@openssh.com", "aes128-ctr");
        try (KexInitProbe probe = KexInitProbe.listen();
                AlknetProcess client = nodes.start("connect-ciphers", nodes.connectArgs(probe.port(), "--no-socks5",
                        "--ciphers", String.join(",", ciphers)), Map.of())) {
            KexInitProbe.Proposal offered = probe.await(CliFixture.START);
            assertThat(offered.ciphersClientToServer()).isEqualTo(ciphers);
            assertThat(offered.ciphersServerToClient()).isEqualTo(ciphers);
        }
    }

    @Test
    @Order(3)
    @CoversOption(command = "connect", option = "--allow-non-strict-kex")
    void serverWithoutStrictKeyExchangeNeedsAllowNonStrictKex() throws Exception {
        KeyPair hostKey = PrivateKeyFiles.load(nodes.host.privateKey());
        try (NonStrictKexPeers.Server strictRequired = new NonStrictKexPeers.Server(hostKey);
                NonStrictKexPeers.Server allowed = new NonStrictKexPeers.Server(hostKey);
                AlknetProcess refusing = nodes.start("connect-strict", nodes.connectArgs(strictRequired.port(),
                        "--no-socks5", "--host-key-fingerprint", nodes.host.fingerprint()), Map.of());
                AlknetProcess accepting = nodes.start("connect-non-strict", nodes.connectArgs(allowed.port(),
                        "--no-socks5", "--host-key-fingerprint", nodes.host.fingerprint(), "--allow-non-strict-kex"),
                        Map.of())) {
            awaitTrue(() -> allowed.logins() > 0, "login with --allow-non-strict-kex");
            awaitTrue(() -> strictRequired.closedBeforeLogin() > 0, "the default client closes the session");
            assertThat(strictRequired.logins()).as("logins without --allow-non-strict-kex").isZero();
        }
    }

    @Test
    @Order(4)
    @CoversOption(command = "connect", option = "--user")
    void userNameIsTheOneTheServerAllows() throws Exception {
        int socks = FreePorts.pick();
        try (OpenSshd sshd = OpenSshd.builder().authorizedKeys(nodes.authorizedKeys).config("AllowUsers", "root").start();
                AlknetProcess client = AlknetProcess.builder().name("connect-user").home(nodes.dir)
                        // the default user (user.name) is not allowed, so only --user can get in
                        .jvmArgs("-XX:+UseSerialGC", "-Xmx256m", "-XX:TieredStopAtLevel=1", "-Duser.name=alknet-default-user")
                        .args("connect", "--server", "127.0.0.1:" + sshd.port(), "--identity",
                                nodes.client.privateKey().toString(), "--user", "root",
                                "--host-key-fingerprint", sshd.hostKeyFingerprint(),
                                "--known-hosts", nodes.dir.resolve("known_hosts_sshd").toString(),
                                "--socks5", "127.0.0.1:" + socks).start()) {
            ListeningPorts.await(socks, CliFixture.START, () -> client.isAlive() ? null : "client exited");
            nodes.assertSocksEchoes(Socks5TestClient.to(socks));
        }
    }

    /**
     * The server stops answering (SIGSTOP); after 3 missed 1 s keepalives the client gives the session up and dials
     * again, so a second connection shows up at the (stopped) server's port. The old one lingers in the WebSocket
     * close handshake, so its state is no sign; the new dial is. With the default 15 s it would take 45 s.
     */
    @Test
    @Order(5)
    @CoversOption(command = "connect", option = "--keepalive")
    void keepaliveDropsAServerThatStoppedAnswering() throws Exception {
        ListeningPorts.await(wsSocks, CliFixture.START, () -> wsClient.isAlive() ? null : "client exited");
        nodes.assertSocksEchoes(Socks5TestClient.to(wsSocks)); // the session is up
        assertThat(established(wsPort)).as("connections to the server before").isEqualTo(1);
        wsServer.signal("STOP");
        long stopped = System.nanoTime();
        try {
            awaitTrue(() -> established(wsPort) > 1, "the client dials again");
            assertThat(Duration.ofNanos(System.nanoTime() - stopped)).as("after ~3 missed keepalives and 1 s backoff")
                    .isBetween(Duration.ofMillis(1500), Duration.ofSeconds(10));
        } finally {
            wsServer.signal("CONT");
        }
    }

    private static long established(int port) {
        return TcpStates.ofLocalPort(port).stream().filter(TcpStates.ESTABLISHED::equals).count();
    }

    private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 20 s: " + what);
            }
            Thread.sleep(50);
        }
    }
}
