package alknet.e2e;

import alknet.api.ListenerOptions;
import alknet.api.AlknetSession;
import alknet.testsupport.AlknetTestNodes;
import alknet.testsupport.EchoServer;
import alknet.testsupport.ExternalCommand;
import alknet.testsupport.Payloads;
import alknet.testsupport.Sockets;
import alknet.testsupport.Socks5TestClient;
import alknet.testsupport.TestCertificates;
import alknet.testsupport.TunnelDestinations;
import alknet.api.ForwardSpec;
import alknet.api.TlsFiles;
import alknet.api.Transport;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SSH inside WebSocket (10-tunnel.md section 1): the alknet client tunnels through a WebSocket listener; a wrong
 * path is refused with 404 and a text frame closes that connection only.
 */
class WebSocketTransportE2ETest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "tls={0}")
    @ValueSource(booleans = {false, true})
    void wsAndWssCarrySocks5AndLocalForwardsByteExact(boolean tls) throws Exception {
        TlsFiles files = tls ? TestCertificates.selfSigned(dir, "localhost") : null;
        try (EchoServer echo = EchoServer.start();
             AlknetTestNodes nodes = AlknetTestNodes.start(o -> o.listeners(List.of(ListenerOptions.webSocket("127.0.0.1", 0, "/ws", files))))) {
            TunnelDestinations.record("127.0.0.1", echo.port());
            AlknetSession client = nodes.connect(o -> o.server("localhost", nodes.server().sshPort())
                    .transport(Transport.WS).webSocketPath("/ws").webSocketTls(tls).tlsCa(files == null ? null : files.cert())
                    .addLocalForward(new ForwardSpec("127.0.0.1", 0, "127.0.0.1", echo.port())));
            byte[] payload = Payloads.random(1 << 20, tls ? 23 : 22);
            try (Socket socks = Socks5TestClient.to(client.socks5Port()).connect("127.0.0.1", echo.port())) {
                assertThat(Sockets.exchange(socks, payload, Duration.ofSeconds(20))).isEqualTo(payload);
            }
            try (Socket forward = Sockets.connect(client.localForwardPort(0))) {
                assertThat(Sockets.exchange(forward, payload, Duration.ofSeconds(20))).isEqualTo(payload);
            }
        }
    }

    @Test
    void socks5CarriesDataOverWebSocketAndBadInputIsRefused() throws Exception {
        try (EchoServer echo = EchoServer.start();
             AlknetTestNodes nodes = AlknetTestNodes.start(o -> o.listeners(List.of(ListenerOptions.webSocket("127.0.0.1", 0, "/alknet", null))))) {
            TunnelDestinations.record("127.0.0.1", echo.port());
            AlknetSession client = nodes.connect(o -> o.server("127.0.0.1", nodes.server().sshPort())
                    .transport(Transport.WS).webSocketPath("/alknet"));
            byte[] payload = Payloads.random(512 * 1024, 21);
            try (Socket socks = Socks5TestClient.to(client.socks5Port()).connect("127.0.0.1", echo.port())) {
                assertThat(Sockets.exchange(socks, payload, Duration.ofSeconds(20))).isEqualTo(payload);
            }

            ExternalCommand.Result wrongPath = ExternalCommand.run(Duration.ofSeconds(10), "curl", "-s", "-o", "/dev/null",
                    "-w", "%{http_code}", "-H", "Connection: Upgrade", "-H", "Upgrade: websocket",
                    "-H", "Sec-WebSocket-Version: 13", "-H", "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
                    "http://127.0.0.1:" + nodes.server().sshPort() + "/elsewhere");
            assertThat(wrongPath.stdout()).isEqualTo("404");

            WebSocketClient raw = nodes.vertx().createWebSocketClient();
            WebSocket ws = AlknetTestNodes.await(raw.connect(nodes.server().sshPort(), "127.0.0.1", "/alknet"));
            CompletableFuture<Void> closed = new CompletableFuture<>();
            ws.closeHandler(v -> closed.complete(null));
            ws.writeTextMessage("SSH-2.0-but-as-text");
            closed.get(10, TimeUnit.SECONDS);

            // The session that was already up is untouched.
            try (Socket socks = Socks5TestClient.to(client.socks5Port()).connect("127.0.0.1", echo.port())) {
                assertThat(Sockets.exchange(socks, payload, Duration.ofSeconds(20))).isEqualTo(payload);
            }
        }
    }
}
