package alknet.e2e;

import alknet.api.Alknet;
import alknet.api.AlknetServer;
import alknet.api.AlknetSession;
import alknet.api.AlknetVertx;
import alknet.api.impl.ServerNode;
import alknet.auth.PrivateKeyFiles;
import alknet.cli.ServeCommand;
import alknet.config.ConfigLoader;
import alknet.testsupport.AlknetTestNodes;
import alknet.testsupport.EchoServer;
import alknet.testsupport.FreePorts;
import alknet.testsupport.LogCollector;
import alknet.testsupport.Payloads;
import alknet.testsupport.Sockets;
import alknet.testsupport.Socks5TestClient;
import alknet.testsupport.TestCertificates;
import alknet.testsupport.TlsSockets;
import alknet.testsupport.TunnelDestinations;
import alknet.api.TlsFiles;
import alknet.api.Transport;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * TLS files reload live (10-tunnel.md section 1, 20-auth-config.md section 5): after the certificate files are
 * replaced and the configuration reloaded (what SIGHUP does), new handshakes on the TLS and the WSS listener present
 * the new certificate while an established session and its open tunnel keep working. Unreadable new files keep
 * the old certificate.
 */
@Timeout(90)
class TlsCertificateReloadE2ETest {
    @TempDir
    Path dir;

    @Test
    void newHandshakesPresentTheNewCertificateAndSessionsStay() throws Exception {
        LogCollector.installInProcess();
        TlsFiles tls = TestCertificates.selfSigned(dir, "first");
        KeyPair client = PrivateKeyFiles.generateEd25519(dir.resolve("client"));
        Files.writeString(dir.resolve("authorized_keys"), PrivateKeyFiles.publicKeyLine(client, "client") + "\n");
        int tlsPort = FreePorts.pick();
        int wssPort = FreePorts.pick();
        Path toml = dir.resolve("alknet.toml");
        Files.writeString(toml, """
                [server]
                listen = "127.0.0.1:%d"
                transport = "tls"
                [server.tls]
                cert = "%s"
                key = "%s"
                [[listeners]]
                transport = "ws"
                listen = "127.0.0.1:%d"
                [auth]
                authorized_keys = "%s"
                """.formatted(tlsPort, tls.cert(), tls.key(), wssPort, dir.resolve("authorized_keys")));
        ConfigLoader loader = new ConfigLoader(Map.of("config", toml.toString(), "ops-listen", "127.0.0.1:0",
                "data-dir", dir.toString()), Map.of());
        Vertx vertx = AlknetVertx.create();
        try (EchoServer echo = EchoServer.start()) {
            TunnelDestinations.record("127.0.0.1", echo.port());
            AlknetServer server = AlknetTestNodes.await(Alknet.serve(vertx, ServeCommand.serveOptions(loader)));
            assertThat(((ServerNode) server).sshPorts()).containsExactly(tlsPort, wssPort);
            assertThat(TlsSockets.presentedSubject(tlsPort)).isEqualTo("CN=first");
            assertThat(TlsSockets.presentedSubject(wssPort)).isEqualTo("CN=first");

            AlknetSession session = AlknetTestNodes.await(Alknet.connect(vertx, new alknet.api.ConnectOptions()
                    .server("127.0.0.1", tlsPort).transport(Transport.TLS).insecureTls(true)
                    .identity(dir.resolve("client")).user("client").knownHosts(dir.resolve("known_hosts"))
                    .hostKeyFingerprint(server.hostKeyFingerprint()).socks5("127.0.0.1", 0)));
            AlknetTestNodes.await(session.firstSession());
            byte[] payload = Payloads.random(128 * 1024, 51);
            try (Socket open = Socks5TestClient.to(session.socks5Port()).connect("127.0.0.1", echo.port())) {
                open.setSoTimeout(20_000);
                open.getOutputStream().write(payload);
                assertThat(Sockets.readExactly(open, payload.length)).isEqualTo(payload);

                TestCertificates.write(tls, "renewed");
                AlknetTestNodes.await(server.reloadConfig());
                assertThat(TlsSockets.presentedSubject(tlsPort)).isEqualTo("CN=renewed");
                assertThat(TlsSockets.presentedSubject(wssPort)).isEqualTo("CN=renewed");
                // The tunnel opened before the reload, in the session established before it, still carries data.
                assertThat(Sockets.exchange(open, payload, Duration.ofSeconds(20))).isEqualTo(payload);
            }
            assertThat(session.connected()).isTrue();

            int mark = LogCollector.mark();
            Files.writeString(tls.cert(), "-----BEGIN CERTIFICATE-----\nnot a certificate\n-----END CERTIFICATE-----\n");
            AlknetTestNodes.await(server.reloadConfig()); // the rest of the reload stands
            assertThatThrownBy(() -> AlknetTestNodes.await(server.reloadTls())).isNotNull();
            assertThat(TlsSockets.presentedSubject(tlsPort)).isEqualTo("CN=renewed");
            assertThat(LogCollector.linesSince(mark)).anyMatch(l -> l.contains("tls certificate reload failed"));

            AlknetTestNodes.await(session.close());
            AlknetTestNodes.await(server.close());
        } finally {
            AlknetTestNodes.await(vertx.close());
        }
    }
}
