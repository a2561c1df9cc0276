package alknet.e2e;

import alknet.api.ListenerOptions;
import alknet.api.AlknetSession;
import alknet.api.ForwardSpec;
import alknet.testsupport.AlknetTestNodes;
import alknet.testsupport.EchoServer;
import alknet.testsupport.LogCollector;
import alknet.testsupport.OpenSshClient;
import alknet.testsupport.Payloads;
import alknet.testsupport.Sockets;
import alknet.testsupport.Socks5TestClient;
import alknet.testsupport.TestCertificates;
import alknet.testsupport.TunnelDestinations;
import alknet.api.TlsFiles;
import alknet.api.Transport;
import alknet.api.Alknet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.List;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * SSH inside TLS (10-tunnel.md section 1): a TLS listener with a certificate made by openssl; the alknet client
 * verifies it with --tls-ca (or skips with --insecure) and carries SOCKS5 and -L byte-exact; an untrusted
 * certificate never yields a session.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TlsTransportE2ETest {
    private Path dir;
    private TlsFiles tls;
    private EchoServer echo;
    private AlknetTestNodes nodes;

    @BeforeAll
    void start() throws Exception {
        LogCollector.installInProcess();
        dir = Files.createTempDirectory("alknet-tls-");
        tls = new TlsFiles(dir.resolve("cert.pem"), dir.resolve("key.pem"));
        TestCertificates.write(tls, "localhost");
        echo = EchoServer.start();
        TunnelDestinations.record("127.0.0.1", echo.port());
        nodes = AlknetTestNodes.start(o -> o.listeners(List.of(ListenerOptions.tls("127.0.0.1", 0, tls, false))));
    }

    @AfterAll
    void stop() throws Exception {
        try (EchoServer e = echo; AlknetTestNodes n = nodes) {
            // closed in reverse order
        }
    }

    @Test
    void trustedCertificateCarriesSocks5AndLocalForward() throws Exception {
        AlknetSession client = nodes.connect(o -> o.server("localhost", nodes.server().sshPort())
                .transport(Transport.TLS).tlsCa(tls.cert())
                .addLocalForward(new ForwardSpec("127.0.0.1", 0, "127.0.0.1", echo.port())));
        byte[] payload = Payloads.random(1 << 20, 3);
        try (Socket socks = Socks5TestClient.to(client.socks5Port()).connect("127.0.0.1", echo.port())) {
            assertThat(Sockets.exchange(socks, payload, Duration.ofSeconds(20))).isEqualTo(payload);
        }
        try (Socket forward = Sockets.connect(client.localForwardPort(0))) {
            assertThat(Sockets.exchange(forward, payload, Duration.ofSeconds(20))).isEqualTo(payload);
        }
    }

    @Test
    void openSshClientWorksThroughTheTlsListenerWithOpensslAsProxyCommand() throws Exception {
        byte[] payload = Payloads.random(256 * 1024, 5);
        try (OpenSshClient ssh = OpenSshClient.builder().port(nodes.server().sshPort()).identity(nodes.clientKey())
                .option("ProxyCommand", "openssl s_client -quiet -verify_quiet -connect 127.0.0.1:" + nodes.server().sshPort())
                .args("-W", "127.0.0.1:" + echo.port()).start()) {
            Thread writer = new Thread(() -> {
                try (var in = ssh.stdin()) {
                    in.write(payload);
                } catch (java.io.IOException ignored) {
                    // the read side below fails the test if the bytes did not arrive
                }
            });
            writer.start();
            byte[] back = ssh.stdout().readNBytes(payload.length);
            writer.join(10_000);
            assertThat(back).isEqualTo(payload);
        }
    }

    @Test
    void insecureSkipsCertificateVerification() throws Exception {
        AlknetSession client = nodes.connect(o -> o.server("127.0.0.1", nodes.server().sshPort())
                .transport(Transport.TLS).insecureTls(true));
        byte[] payload = Payloads.random(64 * 1024, 4);
        try (Socket socks = Socks5TestClient.to(client.socks5Port()).connect("127.0.0.1", echo.port())) {
            assertThat(Sockets.exchange(socks, payload, Duration.ofSeconds(20))).isEqualTo(payload);
        }
    }

    @Test
    void untrustedCertificateNeverYieldsASession() throws Exception {
        assertNoSession(nodes.clientOptions().server("localhost", nodes.server().sshPort()).transport(Transport.TLS));
    }

    @Test
    void trustedCertificateForAnotherNameNeverYieldsASession() throws Exception {
        Path otherDir = Files.createTempDirectory(dir, "other-");
        TlsFiles other = new TlsFiles(otherDir.resolve("cert.pem"), otherDir.resolve("key.pem"));
        TestCertificates.write(other, "other.example", "DNS:other.example");
        try (AlknetTestNodes wrongName = AlknetTestNodes.start(o -> o.listeners(List.of(ListenerOptions.tls("127.0.0.1", 0, other, false))))) {
            assertNoSession(wrongName.clientOptions().server("localhost", wrongName.server().sshPort())
                    .transport(Transport.TLS).tlsCa(other.cert()));
        }
    }

    /** The client keeps retrying, never gets a session, and says why with the fix in its status line. */
    private void assertNoSession(alknet.api.ConnectOptions options) throws Exception {
        int mark = LogCollector.mark();
        AlknetSession client = AlknetTestNodes.await(Alknet.connect(nodes.vertx(), options));
        try {
            assertThatThrownBy(() -> client.firstSession().toCompletionStage().toCompletableFuture().get(3, TimeUnit.SECONDS))
                    .isInstanceOf(java.util.concurrent.TimeoutException.class);
            assertThat(client.connected()).isFalse();
            assertThat(LogCollector.linesSince(mark)).anyMatch(l -> l.contains("TLS handshake failed") && l.contains("--tls-ca"));
        } finally {
            AlknetTestNodes.await(client.close());
        }
    }
}
