package alknet.e2e;

import alknet.api.Transport;
import alknet.api.AlknetSession;
import alknet.api.ForwardingRules;
import alknet.testsupport.AlknetTestNodes;
import alknet.testsupport.EchoServer;
import alknet.testsupport.LogCollector;
import alknet.testsupport.Payloads;
import alknet.testsupport.Sockets;
import alknet.testsupport.Socks5TestClient;
import alknet.testsupport.TestCertificates;
import alknet.testsupport.TransportListeners;
import alknet.testsupport.TunnelDestinations;
import alknet.api.TlsFiles;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClientOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One server with a TCP, a TLS and a WebSocket listener (10-tunnel.md section 1, {@code [[listeners]]}) sharing one
 * forwarding policy whose only allow rule has {@code transports = ["ws"]}: only WebSocket sessions reach the target.
 * Bad input on the TLS and WebSocket listeners closes that connection only.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MixedTransportListenersE2ETest {
    private EchoServer echo;
    private AlknetTestNodes nodes;
    private TlsFiles tls;
    private TransportListeners ports;

    @BeforeAll
    void start() throws Exception {
        LogCollector.installInProcess();
        tls = TestCertificates.selfSigned(Files.createTempDirectory("alknet-mixed-"), "localhost");
        echo = EchoServer.start();
        TunnelDestinations.record("127.0.0.1", echo.port());
        var policy = ForwardingRules.DEFAULT.defaultAction("deny")
                .rule("127.0.0.1:" + echo.port(), "allow", null, List.of("ws"));
        nodes = AlknetTestNodes.start(o -> TransportListeners.addTlsAndWs(o.forwarding(policy), tls, "/tunnel"));
        ports = TransportListeners.of(nodes);
    }

    @AfterAll
    void stop() throws Exception {
        try (EchoServer e = echo; AlknetTestNodes n = nodes) {
            // closed in reverse order
        }
    }

    private AlknetSession wsClient() throws Exception {
        return nodes.connect(o -> o.server("127.0.0.1", ports.ws()).transport(Transport.WS).webSocketPath("/tunnel"));
    }

    @Test
    void transportsWsRuleAllowsOnlyWebSocketSessions() throws Exception {
        int mark = LogCollector.mark();
        AlknetSession ws = wsClient();
        byte[] payload = Payloads.random(256 * 1024, 41);
        try (Socket socks = Socks5TestClient.to(ws.socks5Port()).connect("127.0.0.1", echo.port())) {
            assertThat(Sockets.exchange(socks, payload, Duration.ofSeconds(20))).isEqualTo(payload);
        }
        assertThat(LogCollector.linesSince(mark)).anyMatch(l -> l.contains("connection opened") && l.contains("transport=ws"));

        AlknetSession tcp = nodes.connect(o -> o.server("127.0.0.1", ports.tcp()));
        AlknetSession overTls = nodes.connect(o -> o.server("localhost", ports.tls()).transport(Transport.TLS)
                .tlsCa(tls.cert()));
        for (AlknetSession denied : List.of(tcp, overTls)) {
            Socks5TestClient.Result result = Socks5TestClient.to(denied.socks5Port()).attempt("127.0.0.1", echo.port());
            assertThat(result.code()).isEqualTo(Socks5TestClient.REPLY_NOT_ALLOWED);
        }
        assertThat(LogCollector.linesSince(mark))
                .anyMatch(l -> l.contains("connection opened") && l.contains("transport=tcp"))
                .anyMatch(l -> l.contains("connection opened") && l.contains("transport=tls"));
    }

    @Test
    void garbageTlsHandshakeClosesThatConnectionOnly() throws Exception {
        AlknetSession before = wsClient();
        try (Socket raw = Sockets.connect(ports.tls())) {
            raw.setSoTimeout(10_000);
            OutputStream out = raw.getOutputStream();
            out.write(Payloads.random(2048, 43));
            out.flush();
            assertThat(drainUntilClosed(raw.getInputStream())).isTrue();
        }
        AlknetSession after = nodes.connect(o -> o.server("localhost", ports.tls()).transport(Transport.TLS).tlsCa(tls.cert()));
        assertThat(after.connected()).isTrue();
        assertStillTunnels(before);
    }

    @Test
    void oversizedAndTextFramesCloseThatWebSocketOnly() throws Exception {
        AlknetSession before = wsClient();
        var raw = nodes.vertx().createWebSocketClient(new WebSocketClientOptions()
                .setMaxFrameSize(4 << 20).setMaxMessageSize(4 << 20));
        for (boolean oversized : new boolean[] {true, false}) {
            WebSocket ws = AlknetTestNodes.await(raw.connect(ports.ws(), "127.0.0.1", "/tunnel"));
            CompletableFuture<Void> closed = new CompletableFuture<>();
            ws.closeHandler(v -> closed.complete(null));
            if (oversized) {
                ws.writeBinaryMessage(Buffer.buffer(Payloads.random(1 << 20, 44)));
            } else {
                ws.writeTextMessage("SSH-2.0-as-text");
            }
            closed.get(10, TimeUnit.SECONDS);
        }
        assertStillTunnels(before);
    }

    private void assertStillTunnels(AlknetSession session) throws Exception {
        byte[] payload = Payloads.random(64 * 1024, 45);
        try (Socket socks = Socks5TestClient.to(session.socks5Port()).connect("127.0.0.1", echo.port())) {
            assertThat(Sockets.exchange(socks, payload, Duration.ofSeconds(20))).isEqualTo(payload);
        }
    }

    /** True when the server closed the connection (EOF or reset) before the read timeout. */
    private static boolean drainUntilClosed(InputStream in) {
        byte[] buffer = new byte[4096];
        try {
            while (in.read(buffer) >= 0) {
                // a TLS alert may come first
            }
            return true;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (java.io.IOException e) {
            return true; // reset
        }
    }
}
