package alknet.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Proves the fixtures against each other with the real OpenSSH tools, before alknet uses them. */
@Timeout(60)
class FixturesTest {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final int ONE_MIB = 1 << 20;

    @TempDir
    Path dir;

    private SshKeyPair userKey;
    private OpenSshd sshd;

    @BeforeEach
    void startSshd() {
        userKey = SshKeys.generateEd25519(dir, "id_ed25519");
        Path authorizedKeys = SshKeys.writeAuthorizedKeys(dir.resolve("authorized_keys"), userKey.publicKeyLine());
        sshd = OpenSshd.start(authorizedKeys);
    }

    @AfterEach
    void stopSshd() {
        sshd.close();
    }

    @Test
    void localForwardThroughOpenSshdEchoesOneMebibyteByteExact() throws Exception {
        byte[] payload = Payloads.random(ONE_MIB, 1);
        int localPort = FreePorts.pick();
        try (EchoServer echo = EchoServer.start();
                OpenSshClient ssh = OpenSshClient.localForward(sshd.port(), userKey.privateKey(), localPort,
                        "127.0.0.1", echo.port());
                Socket socket = Sockets.connect(localPort)) {
            byte[] echoed = Sockets.exchange(socket, payload, WAIT);

            assertThat(echoed).hasSize(ONE_MIB);
            assertThat(Payloads.sha256Hex(echoed)).isEqualTo(Payloads.sha256Hex(payload));
            assertThat(echo.acceptedConnections()).isEqualTo(1);
            assertThat(ssh.isAlive()).isTrue();
        }
    }

    @Test
    void dynamicForwardDeliversToSinkWithMatchingSha256() throws Exception {
        byte[] payload = Payloads.random(ONE_MIB, 2);
        int socksPort = FreePorts.pick();
        try (SinkServer sink = SinkServer.start();
                OpenSshClient ssh = OpenSshClient.dynamicForward(sshd.port(), userKey.privateKey(), socksPort)) {
            assertThat(sink.acceptedConnections()).as("waiting for the SOCKS port connects nowhere").isZero();

            try (Socket viaIp = Socks5TestClient.to(socksPort).connect(InetAddress.getLoopbackAddress(), sink.port())) {
                Sockets.sendAndShutdownOutput(viaIp, payload);
                assertThat(Sockets.readUntilEof(viaIp, WAIT)).isEmpty();
            }
            try (Socket viaName = Socks5TestClient.to(socksPort).oneByteWrites().connect("localhost", sink.port())) {
                Sockets.sendAndShutdownOutput(viaName, "by name".getBytes(StandardCharsets.UTF_8));
            }

            List<ReceivedStream> received = sink.awaitReceived(2, WAIT);
            assertThat(received.get(0)).isEqualTo(new ReceivedStream(ONE_MIB, Payloads.sha256Hex(payload), true));
            assertThat(received.get(1).bytes()).isEqualTo(7);
            assertThat(sink.acceptedConnections()).isEqualTo(2);
            assertThat(ssh.isAlive()).isTrue();
        }
    }

    @Test
    void dynamicForwardCarriesPipelinedDataAndReachesIpv6Echo() throws Exception {
        byte[] early = "sent before the reply".getBytes(StandardCharsets.UTF_8);
        int socksPort = FreePorts.pick();
        try (EchoServer echo6 = EchoServer.start(InetAddress.getByName("::1"));
                OpenSshClient ssh = OpenSshClient.dynamicForward(sshd.port(), userKey.privateKey(), socksPort);
                Socket socket = Socks5TestClient.to(socksPort).pipelined(early)
                        .connect(InetAddress.getByName("::1"), echo6.port())) {
            assertThat(Sockets.readExactly(socket, early.length)).isEqualTo(early);
            assertThat(ssh.isAlive()).isTrue();
        }
    }

    @Test
    void curlThroughSshDynamicForwardReachesHttpServer() {
        int socksPort = FreePorts.pick();
        try (HttpTestServer http = HttpTestServer.start();
                OpenSshClient ssh = OpenSshClient.dynamicForward(sshd.port(), userKey.privateKey(), socksPort)) {
            ExternalCommand.Result result = Curl.viaSocks5Hostname(socksPort, http.url("localhost"));

            assertThat(result.exitCode()).as(result.stderr()).isZero();
            assertThat(result.stdout()).isEqualTo(HttpTestServer.DEFAULT_BODY);
            assertThat(http.requestCount()).isEqualTo(1);
            assertThat(ssh.isAlive()).isTrue();
        }
    }

    @Test
    void stdioForwardGivesRawStreamToTarget() throws Exception {
        byte[] payload = Payloads.random(64 * 1024, 3);
        try (EchoServer echo = EchoServer.start();
                OpenSshClient ssh = OpenSshClient.stdioForward(sshd.port(), userKey.privateKey(), "127.0.0.1",
                        echo.port())) {
            try (OutputStream in = ssh.stdin()) {
                in.write(payload);
            }
            byte[] echoed = ssh.stdout().readNBytes(payload.length);
            assertThat(echoed).isEqualTo(payload);
            assertThat(ssh.exitCode(WAIT)).isZero();
        }
    }

    @Test
    void remoteForwardReportsAllocatedPortThatReachesLocalEcho() throws Exception {
        try (EchoServer echo = EchoServer.start();
                OpenSshClient ssh = OpenSshClient.remoteForward(sshd.port(), userKey.privateKey(), 0, "127.0.0.1",
                        echo.port());
                Socket socket = Sockets.connect(ssh.remoteForwardPort())) {
            byte[] echoed = Sockets.exchange(socket, "ping".getBytes(StandardCharsets.UTF_8), WAIT);
            assertThat(new String(echoed, StandardCharsets.UTF_8)).isEqualTo("ping");
        }
    }

    @Test
    void sshdHostKeyIsTheOneSshSeesAndKnownHostsPinningWorks() throws Exception {
        String scanned = ExternalCommand.run(WAIT, "ssh-keyscan", "-t", "ed25519", "-p",
                Integer.toString(sshd.port()), "127.0.0.1").requireSuccess().stdout().trim();
        assertThat(scanned.split("\\s+")[2]).isEqualTo(sshd.hostPublicKeyLine().split("\\s+")[1]);
        assertThat(sshd.hostKeyFingerprint()).startsWith("SHA256:")
                .isEqualTo(SshKeys.fingerprint(sshd.hostPublicKeyFile()));

        Path knownHosts = Files.writeString(dir.resolve("known_hosts"), sshd.knownHostsLine() + "\n");
        int socksPort = FreePorts.pick();
        try (OpenSshClient pinned = OpenSshClient.builder().port(sshd.port()).identity(userKey.privateKey())
                .knownHosts(knownHosts).args("-N", "-D", "127.0.0.1:" + socksPort).start()) {
            pinned.waitForPort(socksPort);
        }
        Path wrongKnownHosts = Files.writeString(dir.resolve("wrong_known_hosts"),
                "[127.0.0.1]:" + sshd.port() + " " + userKey.publicKeyLine() + "\n");
        try (OpenSshClient refused = OpenSshClient.builder().port(sshd.port()).identity(userKey.privateKey())
                .knownHosts(wrongKnownHosts).args("-N").start()) {
            assertThat(refused.exitCode(WAIT)).isEqualTo(255);
            assertThat(refused.stderr().text()).contains("Host key verification failed");
        }
    }

    @Test
    void sshWithUnknownKeyFailsAndWaitForPortReportsStderr() {
        SshKeyPair stranger = SshKeys.generateEd25519(dir, "stranger");
        int socksPort = FreePorts.pick();
        try (OpenSshClient ssh = OpenSshClient.builder().port(sshd.port()).identity(stranger.privateKey())
                .args("-N", "-D", "127.0.0.1:" + socksPort).start()) {
            assertThatThrownBy(() -> ssh.waitForPort(socksPort))
                    .isInstanceOf(AssertionError.class).hasMessageContaining("Permission denied");
        }
        assertThat(sshd.stderr().awaitLine("Connection closed by authenticating user", WAIT)).isNotNull();
    }

    @Test
    void sshdThatCannotStartFailsWithItsStderr() {
        assertThatThrownBy(() -> OpenSshd.builder().authorizedKeys(dir.resolve("authorized_keys"))
                .config("NoSuchKeyword", "x").start())
                .isInstanceOf(AssertionError.class).hasMessageContaining("NoSuchKeyword");
    }

    @Test
    void echoServerHonoursHalfCloseWithoutTunnel() throws Exception {
        try (EchoServer echo = EchoServer.start(); Socket socket = Sockets.connect(echo.port())) {
            byte[] echoed = Sockets.exchange(socket, "half".getBytes(StandardCharsets.UTF_8), WAIT);
            assertThat(new String(echoed, StandardCharsets.UTF_8)).isEqualTo("half");
        }
    }

    @Test
    void slowReaderKeepsToItsRate() throws Exception {
        try (SlowReader slow = SlowReader.start(100_000, 32 * 1024); Socket socket = Sockets.connect(slow.port())) {
            Thread writer = new Thread(() -> {
                try {
                    socket.getOutputStream().write(new byte[64 * ONE_MIB]);
                } catch (Exception ignored) {
                    // closed at the end of the test
                }
            });
            writer.setDaemon(true);
            writer.start();
            Thread.sleep(1_000);
            assertThat(slow.bytesRead()).isBetween(50_000L, 200_000L);
            assertThat(writer.isAlive()).as("writer is held back").isTrue();
        }
    }

    @Test
    void socksClientTellsApartWrongAnswerSilenceAndClose() throws Exception {
        try (EchoServer echo = EchoServer.start();
                SinkServer sink = SinkServer.start();
                ServerSocket closer = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            // the echoed greeting (5, 1, 0) reads as "method 1", which was not offered
            assertThatThrownBy(() -> Socks5TestClient.to(echo.port()).connect("x", 1))
                    .hasMessageContaining("unexpected method");
            assertThatThrownBy(() -> Socks5TestClient.to(sink.port()).timeout(Duration.ofMillis(300))
                    .connect("x", 1)).isInstanceOf(SocketTimeoutException.class);

            Thread acceptAndClose = new Thread(() -> {
                try (Socket s = closer.accept()) {
                    s.getInputStream().read();
                } catch (Exception ignored) {
                    // test ends
                }
            });
            acceptAndClose.start();
            Socks5TestClient.Result result = Socks5TestClient.to(closer.getLocalPort()).attempt("x", 1);
            assertThat(result.outcome()).isEqualTo(Socks5TestClient.Outcome.CLOSED_WITHOUT_REPLY);
            acceptAndClose.join(5_000);
        }
    }

    @Test
    void logCollectorSeesInProcessLogback() {
        LogCollector.installInProcess();
        LogCollector.installInProcess();
        int mark = LogCollector.mark();
        LoggerFactory.getLogger("alknet.fixtures").warn("target was {}", "secret.example:443",
                new IllegalStateException("to 10.9.8.7"));

        assertThat(LogCollector.linesSince(mark)).containsExactly(
                "target was secret.example:443 | java.lang.IllegalStateException: to 10.9.8.7");
        LogCollector.assertNoLineSinceContains(mark, "never-logged");
        assertThatThrownBy(() -> LogCollector.assertNoLineSinceContains(mark, "10.9.8.7"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("alknet.fixtures");
    }

    @Test
    void alknetProcessCollectsLinesSignalsAndExitCode() throws Exception {
        Path jar = fakeAlknetJar();
        int mark = LogCollector.mark();
        try (AlknetProcess process = AlknetProcess.builder().jar(jar).home(dir).args("serve", "--x").start()) {
            assertThat(process.awaitStdoutLine("args=serve --x", WAIT)).isEqualTo("args=serve --x");
            process.awaitStderrLine("tick 1", WAIT);

            process.signal("STOP");
            Thread.sleep(300);
            int ticksWhileStopped = process.stderrLines().size();
            Thread.sleep(500);
            assertThat(process.stderrLines()).hasSize(ticksWhileStopped);
            process.signal("CONT");
            process.awaitStderrLine("tick " + (ticksWhileStopped + 2), WAIT);

            process.signal("TERM");
            assertThat(process.exitCode(WAIT)).isZero();
            assertThat(process.stderrLines()).last().isEqualTo("stopping");
            assertThat(process.stdoutLines()).contains("home=" + dir.toAbsolutePath());
        }
        assertThat(LogCollector.linesSince(mark)).contains("args=serve --x", "tick 1", "stopping");
    }

    /** Builds a jar whose main is {@link FakeAlknet}, to exercise AlknetProcess without the real jar. */
    private Path fakeAlknetJar() throws Exception {
        Path jar = dir.resolve("fake-alknet.jar");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, FakeAlknet.class.getName());
        String entry = FakeAlknet.class.getName().replace('.', '/') + ".class";
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest);
                InputStream classFile = FakeAlknet.class.getResourceAsStream("/" + entry)) {
            out.putNextEntry(new JarEntry(entry));
            classFile.transferTo(out);
            out.closeEntry();
        }
        return jar;
    }

    /** Stand-in main: echoes its args, ticks on stderr, exits 0 on SIGTERM like alknet's graceful shutdown. */
    static final class FakeAlknet {
        public static void main(String[] args) throws Exception {
            System.out.println("args=" + String.join(" ", args));
            System.out.println("home=" + System.getProperty("user.home"));
            System.out.flush();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                System.err.println("stopping");
                System.err.flush();
                Runtime.getRuntime().halt(0);
            }));
            for (int i = 1; i < 600; i++) {
                System.err.println("tick " + i);
                Thread.sleep(100);
            }
        }
    }
}
