package alknet.e2e;

import alknet.api.Transport;
import alknet.api.ForwardingRules;
import alknet.api.AlknetSession;
import alknet.api.ConnectOptions;
import alknet.testsupport.AlknetTestNodes;
import alknet.testsupport.EchoServer;
import alknet.testsupport.LogCollector;
import alknet.testsupport.Payloads;
import alknet.testsupport.RecordingHttpConnectProxy;
import alknet.testsupport.RecordingProxy;
import alknet.testsupport.RecordingSocks5Proxy;
import alknet.testsupport.Sockets;
import alknet.testsupport.Socks5TestClient;
import alknet.testsupport.TestCertificates;
import alknet.testsupport.TransportListeners;
import alknet.testsupport.TunnelDestinations;
import alknet.api.ProxyUrl;
import alknet.api.TlsFiles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.Socket;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Proxy chaining (10-tunnel.md section 1). Client {@code --proxy}: the transport connection (TCP, TLS, WebSocket)
 * goes through a SOCKS5 proxy (with and without user/password) or an HTTP CONNECT proxy, which sees the server's
 * name unresolved. Server {@code --proxy}: tunnel targets go through the proxy with their names unresolved (the
 * names used here exist only in the proxy's host map, so any resolution on the server would fail), and a proxy
 * failure fails that channel only.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProxyChainingE2ETest {
    /** Exists only in the test proxies' host maps. */
    private static final String SERVER_NAME = "alknet-server.proxy-test";
    private static final String TARGET_NAME = "db.proxy-test";
    private static final String PROXY_PASSWORD = "pr0xy-s3cret";

    private EchoServer echo;
    private AlknetTestNodes nodes;
    private TlsFiles tls;
    private TransportListeners ports;

    @BeforeAll
    void start() throws Exception {
        LogCollector.installInProcess();
        tls = TestCertificates.selfSigned(Files.createTempDirectory("alknet-proxy-"), "localhost");
        echo = EchoServer.start();
        TunnelDestinations.record("127.0.0.1", echo.port());
        TunnelDestinations.record(TARGET_NAME, echo.port());
        nodes = AlknetTestNodes.start(o -> TransportListeners.addTlsAndWs(o, tls, "/alknet"));
        ports = TransportListeners.of(nodes);
    }

    @AfterAll
    void stop() throws Exception {
        try (EchoServer e = echo; AlknetTestNodes n = nodes) {
            // closed in reverse order
        }
    }

    enum ProxyKind { SOCKS5, SOCKS5_WITH_PASSWORD, HTTP_CONNECT }

    private RecordingProxy startProxy(ProxyKind kind) {
        RecordingProxy proxy = switch (kind) {
            case SOCKS5 -> RecordingSocks5Proxy.start(nodes.vertx());
            case SOCKS5_WITH_PASSWORD -> RecordingSocks5Proxy.start(nodes.vertx(), "alice", PROXY_PASSWORD);
            case HTTP_CONNECT -> RecordingHttpConnectProxy.start(nodes.vertx());
        };
        return proxy.mapHost(SERVER_NAME, "127.0.0.1").mapHost(TARGET_NAME, "127.0.0.1");
    }

    private static ProxyUrl url(ProxyKind kind, RecordingProxy proxy) {
        return ProxyUrl.parse(switch (kind) {
            case SOCKS5 -> "socks5://127.0.0.1:" + proxy.port();
            case SOCKS5_WITH_PASSWORD -> "socks5://alice:" + PROXY_PASSWORD + "@127.0.0.1:" + proxy.port();
            case HTTP_CONNECT -> "http://127.0.0.1:" + proxy.port();
        });
    }

    @ParameterizedTest
    @EnumSource(ProxyKind.class)
    void clientReachesEveryTransportThroughTheProxy(ProxyKind kind) throws Exception {
        try (RecordingProxy proxy = startProxy(kind)) {
            ProxyUrl url = url(kind, proxy);
            List<Consumer<ConnectOptions>> transports = List.of(
                    o -> o.server(SERVER_NAME, ports.tcp()),
                    o -> o.server(SERVER_NAME, ports.tls()).transport(Transport.TLS).tlsCa(tls.cert()).tlsServerName("localhost"),
                    o -> o.server(SERVER_NAME, ports.ws()).transport(Transport.WS).webSocketPath("/alknet"));
            for (Consumer<ConnectOptions> transport : transports) {
                AlknetSession client = nodes.connect(o -> transport.accept(o.proxy(url)));
                assertTunnels(client, "127.0.0.1", 70 + kind.ordinal());
                alknet.testsupport.AlknetTestNodes.await(client.close());
            }
            assertThat(proxy.requests()).containsExactly(
                    SERVER_NAME + ":" + ports.tcp(), SERVER_NAME + ":" + ports.tls(), SERVER_NAME + ":" + ports.ws());
        }
        LogCollector.assertNoLineContains(PROXY_PASSWORD);
    }

    @ParameterizedTest
    @EnumSource(ProxyKind.class)
    void serverSendsTargetNamesToItsProxyUnresolved(ProxyKind kind) throws Exception {
        try (RecordingProxy proxy = startProxy(kind);
             AlknetTestNodes proxied = AlknetTestNodes.start(o -> o.proxy(url(kind, proxy)))) {
            AlknetSession client = proxied.connect();
            assertTunnels(client, TARGET_NAME, 80 + kind.ordinal());
            assertTunnels(client, "127.0.0.1", 90 + kind.ordinal());
            assertThat(proxy.requests()).containsExactly(TARGET_NAME + ":" + echo.port(), "127.0.0.1:" + echo.port());
            if (proxy instanceof RecordingSocks5Proxy socks) {
                assertThat(socks.typedRequests().get(0).addressType()).isEqualTo(RecordingSocks5Proxy.AddressType.DOMAIN);
            }

            // The proxy cannot reach this name: that channel fails, the session and other channels go on.
            TunnelDestinations.record("unknown.proxy-test", echo.port());
            Socks5TestClient.Result failed = Socks5TestClient.to(client.socks5Port()).attempt("unknown.proxy-test", echo.port());
            assertThat(failed.succeeded()).isFalse();
            assertTunnels(client, TARGET_NAME, 100 + kind.ordinal());
            assertThat(client.connected()).isTrue();
        }
        LogCollector.assertNoLineContains(PROXY_PASSWORD);
    }

    @Test
    void withAProxyANameThatOnlyAnAddressRuleCouldDecideIsRefused() throws Exception {
        var policy = ForwardingRules.DEFAULT.defaultAction("allow")
                .rule(TARGET_NAME + ":" + echo.port(), "allow", null, null)
                .rule("10.0.0.0/8", "deny", null, null);
        try (RecordingProxy proxy = startProxy(ProxyKind.SOCKS5);
             AlknetTestNodes proxied = AlknetTestNodes.start(o -> o.proxy(url(ProxyKind.SOCKS5, proxy)).forwarding(policy))) {
            AlknetSession client = proxied.connect();
            TunnelDestinations.record("other.proxy-test", echo.port());
            Socks5TestClient.Result denied = Socks5TestClient.to(client.socks5Port()).attempt("other.proxy-test", echo.port());
            assertThat(denied.code()).isEqualTo(Socks5TestClient.REPLY_NOT_ALLOWED);
            assertTunnels(client, TARGET_NAME, 110); // a name rule that comes first still decides by name
            assertThat(proxy.requests()).containsExactly(TARGET_NAME + ":" + echo.port());
        }
    }

    private void assertTunnels(AlknetSession client, String host, long seed) throws Exception {
        byte[] payload = Payloads.random(128 * 1024, seed);
        try (Socket socks = Socks5TestClient.to(client.socks5Port()).connect(host, echo.port())) {
            assertThat(Sockets.exchange(socks, payload, Duration.ofSeconds(20))).isEqualTo(payload);
        }
    }
}
