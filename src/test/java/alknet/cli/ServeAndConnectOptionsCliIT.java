package alknet.cli;

import alknet.api.AlknetVertx;
import alknet.auth.PrivateKeyFiles;
import alknet.testsupport.AlknetProcess;
import alknet.testsupport.AlknetTestNodes;
import alknet.testsupport.CoversOption;
import alknet.testsupport.Curl;
import alknet.testsupport.ExternalCommand;
import alknet.testsupport.FloodServer;
import alknet.testsupport.FreePorts;
import alknet.testsupport.KexInitProbe;
import alknet.testsupport.ListeningPorts;
import alknet.testsupport.NonStrictKexPeers;
import alknet.testsupport.OpenSshClient;
import alknet.testsupport.PausableRelay;
import alknet.testsupport.RecordingSocks5Proxy;
import alknet.testsupport.SshKeyPair;
import alknet.testsupport.SshKeys;
import alknet.testsupport.Socks5TestClient;
import alknet.testsupport.TunnelDestinations;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One {@code alknet serve} process with most of its option flags (10-tunnel.md section 3), each observed from the
 * outside, and {@code alknet connect} processes against it (section 5). The server has no --key and no
 * --authorized-keys: both come from --data-dir. Its outbound connections go through a recording SOCKS5 proxy; the
 * last test stops it with SIGTERM while a session cannot drain.
 */
@Timeout(120)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServeAndConnectOptionsCliIT {
    private static final Duration DRAIN = Duration.ofSeconds(4);
    private static final List<String> CIPHERS = List.of("aes128-gcm@openssh.com", "aes256-ctr");

    private CliFixture nodes;
    private Vertx vertx;
    private RecordingSocks5Proxy serverProxy;
    private Path dataDir;
    private SshKeyPair ca;
    private int port;
    private int opsPort;
    private AlknetProcess server;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        nodes = new CliFixture(dir);
        vertx = AlknetVertx.create();
        serverProxy = RecordingSocks5Proxy.start(vertx);
        dataDir = nodes.dir.resolve("data");
        Files.createDirectories(dataDir);
        Files.copy(nodes.authorizedKeys, dataDir.resolve("authorized_keys"));
        ca = SshKeys.generateEd25519(nodes.dir, "user_ca");
        port = FreePorts.pick();
        opsPort = FreePorts.pick();
        server = nodes.serve("serve-options", List.of("serve", "--listen", "127.0.0.1:" + port,
                "--data-dir", dataDir.toString(), "--ops-listen", "127.0.0.1:" + opsPort,
                "--ciphers", String.join(",", CIPHERS), "--allow-non-strict-kex",
                "--proxy", "socks5://127.0.0.1:" + serverProxy.port(), "--cert-authority", ca.publicKey().toString(),
                "--drain-timeout", DRAIN.toSeconds() + "s"), Map.of());
    }

    @AfterAll
    void stop() throws Exception {
        try (CliFixture n = nodes; RecordingSocks5Proxy p = serverProxy; AlknetProcess s = server) {
            // closed in reverse order
        } finally {
            AlknetTestNodes.await(vertx.close());
        }
    }

    @Test
    @Order(1)
    @CoversOption(command = "serve", option = "--data-dir")
    @CoversOption(command = "serve", option = "--proxy")
    @CoversOption(command = "connect", option = "--proxy")
    @CoversOption(command = "connect", option = "--socks5-user")
    @CoversOption(command = "connect", option = "--socks5-password")
    void dataDirKeysProxiesOnBothLegsAndSocks5Credentials() throws Exception {
        Path hostKey = dataDir.resolve("host_ed25519");
        assertThat(hostKey).as("host key generated in --data-dir").isRegularFile();
        int socks = FreePorts.pick();
        try (RecordingSocks5Proxy clientProxy = RecordingSocks5Proxy.start(vertx);
                AlknetProcess client = nodes.start("connect-proxied", nodes.connectArgs(port,
                        "--host-key-fingerprint", SshKeys.fingerprint(hostKey),
                        "--proxy", "socks5://127.0.0.1:" + clientProxy.port(), "--socks5", "127.0.0.1:" + socks,
                        "--socks5-user", "alice", "--socks5-password", "s3cret"), Map.of())) {
            ListeningPorts.await(socks, CliFixture.START, () -> client.isAlive() ? null : "client exited");

            assertThat(Socks5TestClient.to(socks).attempt("127.0.0.1", nodes.echo.port()).outcome())
                    .as("no-auth refused").isEqualTo(Socks5TestClient.Outcome.NO_ACCEPTABLE_METHOD);
            assertThat(Socks5TestClient.to(socks).userPassword("alice", "wrong").attempt("127.0.0.1", nodes.echo.port())
                    .outcome()).as("wrong password").isEqualTo(Socks5TestClient.Outcome.AUTH_FAILED);
            // logs in with the data dir's authorized_keys and presents the data dir's host key (pinned)
            nodes.assertSocksEchoes(Socks5TestClient.to(socks).userPassword("alice", "s3cret"));

            assertThat(clientProxy.requests()).as("connect --proxy carried the SSH connection")
                    .contains("127.0.0.1:" + port);
            assertThat(serverProxy.requests()).as("serve --proxy carried the tunnel")
                    .contains("127.0.0.1:" + nodes.echo.port());
        }
    }

    @Test
    @Order(2)
    @CoversOption(command = "connect", option = "--insecure-accept-any-host-key")
    @CoversOption(command = "connect", option = "--no-socks5")
    @CoversOption(command = "connect", option = "--forward")
    void acceptAnyHostKeyIgnoresAKnownHostsMismatchAndNoSocks5BindsNoSocksPort() throws Exception {
        Path knownHosts = nodes.dir.resolve("known_hosts_wrong");
        Files.writeString(knownHosts, "127.0.0.1:" + port + " " + nodes.host.fingerprint() + "\n");
        int socks = FreePorts.pick();
        int local = FreePorts.pick();
        List<String> args = nodes.connectArgs(port, "--insecure-accept-any-host-key", "--no-socks5",
                "--socks5", "127.0.0.1:" + socks, "-L", "127.0.0.1:" + local + ":127.0.0.1:" + nodes.echo.port());
        args.set(args.indexOf("--known-hosts") + 1, knownHosts.toString());
        try (AlknetProcess client = nodes.start("connect-any-host-key", args, Map.of())) {
            ListeningPorts.await(local, CliFixture.START, () -> client.isAlive() ? null : "client exited");
            nodes.assertForwardEchoes(local);
            assertThat(ListeningPorts.isListening(socks)).as("--no-socks5: nothing on the --socks5 port").isFalse();
        }
    }

    @Test
    @Order(3)
    @CoversOption(command = "connect", option = "--host-key-fingerprint")
    void pinnedFingerprintOfAnotherKeyIsRefusedWithExitCode3() {
        try (AlknetProcess client = nodes.start("connect-wrong-pin", nodes.connectArgs(port,
                "--host-key-fingerprint", nodes.host.fingerprint(), "--no-socks5"), Map.of())) {
            assertThat(client.exitCode(Duration.ofSeconds(30))).as("exit code").isEqualTo(ExitCodes.AUTH_REFUSED);
            assertThat(String.join("\n", client.stderrLines())).contains(nodes.host.fingerprint());
        }
    }

    @Test
    @Order(4)
    @CoversOption(command = "serve", option = "--ops-listen")
    void opsEndpointListensWhereToldTo() {
        ExternalCommand.Result livez = Curl.run("-i", "http://127.0.0.1:" + opsPort + "/livez");
        assertThat(livez.stdout()).as("curl /livez; stderr: " + livez.stderr()).startsWith("HTTP/1.1 200");
    }

    @Test
    @Order(5)
    @CoversOption(command = "serve", option = "--ciphers")
    void serverOffersOnlyTheChosenCiphers() throws Exception {
        KexInitProbe.Proposal offered = KexInitProbe.ofServer(port, Duration.ofSeconds(10));
        assertThat(offered.ciphersServerToClient()).isEqualTo(CIPHERS);
        assertThat(offered.ciphersClientToServer()).isEqualTo(CIPHERS);
    }

    @Test
    @Order(6)
    @CoversOption(command = "serve", option = "--allow-non-strict-kex")
    void peerWithoutStrictKeyExchangeLogsIn() throws Exception {
        assertThat(NonStrictKexPeers.loginSucceeds(port, "tester", PrivateKeyFiles.load(nodes.client.privateKey()),
                Duration.ofSeconds(15))).as("login without strict KEX").isTrue();
    }

    @Test
    @Order(7)
    @CoversOption(command = "serve", option = "--cert-authority")
    void certificateSignedByTheAuthorityLogsIn() throws Exception {
        SshKeyPair bob = SshKeys.generateEd25519(nodes.dir, "bob"); // not in authorized_keys
        Path certificate = SshKeys.signUserCertificate(ca, bob, "bob@test", "tester", "-5m:+1h");
        int local = FreePorts.pick();
        try (OpenSshClient ssh = OpenSshClient.builder().port(port).user("tester").identity(bob.privateKey())
                .certificate(certificate)
                .args("-N", "-L", "127.0.0.1:" + local + ":127.0.0.1:" + nodes.echo.port()).start()) {
            ssh.waitForPort(local);
            nodes.assertForwardEchoes(local);
        }
    }

    /**
     * A session whose peer has stopped reading cannot take the SSH disconnect (its TCP path is full), so SIGTERM
     * waits the whole --drain-timeout before closing it; the default would stop after 2 s.
     */
    @Test
    @Order(8)
    @CoversOption(command = "serve", option = "--drain-timeout")
    void sigtermWaitsTheDrainTimeoutForASessionThatCannotDrain() throws Exception {
        int local = FreePorts.pick();
        List<Socket> tunnels = new ArrayList<>();
        AtomicLong received = new AtomicLong();
        try (FloodServer flood = FloodServer.start(); PausableRelay relay = PausableRelay.to(port);
                OpenSshClient ssh = OpenSshClient.builder().port(relay.port()).user("tester")
                        .identity(nodes.client.privateKey())
                        .args("-N", "-L", "127.0.0.1:" + local + ":127.0.0.1:" + flood.port()).start()) {
            TunnelDestinations.record("127.0.0.1", flood.port());
            ssh.waitForPort(local);
            for (int i = 0; i < 8; i++) { // 8 channels x 2 MiB window: more than the TCP buffers on the way hold
                Socket s = new Socket(InetAddress.getLoopbackAddress(), local);
                tunnels.add(s);
                drain(s, received);
            }
            long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (received.get() < 32L << 20 && System.nanoTime() < until) {
                Thread.sleep(20);
            }
            assertThat(received.get()).as("bytes through the tunnels before the pause").isGreaterThanOrEqualTo(32L << 20);
            relay.pauseTargetToClient();
            Thread.sleep(500);

            server.signal("TERM");
            long sent = System.nanoTime();
            int exit = server.exitCode(Duration.ofSeconds(30));
            Duration took = Duration.ofNanos(System.nanoTime() - sent);
            assertThat(exit).as("exit code after SIGTERM").isZero();
            assertThat(took).as("SIGTERM to exit with a session that cannot drain")
                    .isGreaterThanOrEqualTo(DRAIN.minusMillis(500));
        } finally {
            for (Socket s : tunnels) {
                s.close();
            }
        }
    }

    private static void drain(Socket socket, AtomicLong received) {
        Thread reader = new Thread(() -> {
            byte[] buffer = new byte[64 * 1024];
            try (InputStream in = socket.getInputStream()) {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    received.addAndGet(n);
                }
            } catch (Exception e) {
                // closed at the end of the test
            }
        }, "tunnel reader");
        reader.setDaemon(true);
        reader.start();
    }
}
