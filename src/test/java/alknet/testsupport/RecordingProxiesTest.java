package alknet.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import alknet.testsupport.RecordingSocks5Proxy.AddressType;
import alknet.testsupport.RecordingSocks5Proxy.Request;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Proves the recording proxies with real clients (curl through SOCKS5 with remote names and through an HTTP
 * CONNECT tunnel) and raw sockets (byte-exact relay with half-close, malformed input), before the proxy-chaining
 * end-to-end tests rely on them.
 */
@ExtendWith(VertxExtension.class)
@Timeout(60)
class RecordingProxiesTest {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final String FAKE_NAME = "fake.name";
    private static final int ONE_MIB = 1 << 20;

    private HttpTestServer http;

    @BeforeEach
    void startHttp() {
        http = HttpTestServer.start();
        TunnelDestinations.record(FAKE_NAME, http.port());
    }

    @AfterEach
    void stopHttp() {
        http.close();
    }

    /** curl with the proxy given explicitly and no proxy environment taking part. */
    private static ExternalCommand.Result curl(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--noproxy";
        all[1] = "";
        System.arraycopy(args, 0, all, 2, args.length);
        return Curl.run(all);
    }

    @Nested
    class Socks5 {
        @Test
        void curlWithRemoteNameGetsThePageAndTheProxyRecordsTheNameUnresolved(Vertx vertx) {
            try (RecordingSocks5Proxy proxy = RecordingSocks5Proxy.start(vertx).mapHost(FAKE_NAME, "127.0.0.1")) {
                ExternalCommand.Result result = curl("--socks5-hostname", "127.0.0.1:" + proxy.port(),
                        http.url(FAKE_NAME)).requireSuccess();

                assertThat(result.stdout()).isEqualTo(http.body());
                assertThat(proxy.requests()).containsExactly(FAKE_NAME + ":" + http.port());
                assertThat(proxy.typedRequests())
                        .containsExactly(new Request(FAKE_NAME + ":" + http.port(), AddressType.DOMAIN));
                assertThat(proxy.connections()).isEqualTo(1);
            }
        }

        @Test
        void curlWithUserPasswordGetsThePage(Vertx vertx) {
            try (RecordingSocks5Proxy proxy = RecordingSocks5Proxy.start(vertx, "alice", "s3cret")
                    .mapHost(FAKE_NAME, "127.0.0.1")) {
                ExternalCommand.Result result = curl("--socks5-hostname", "127.0.0.1:" + proxy.port(),
                        "-U", "alice:s3cret", http.url(FAKE_NAME)).requireSuccess();

                assertThat(result.stdout()).isEqualTo(http.body());
                assertThat(proxy.requests()).containsExactly(FAKE_NAME + ":" + http.port());
            }
        }

        @Test
        void wrongOrMissingCredentialsAreRefusedBeforeAnyRequest(Vertx vertx) throws IOException {
            try (RecordingSocks5Proxy proxy = RecordingSocks5Proxy.start(vertx, "alice", "s3cret")
                    .mapHost(FAKE_NAME, "127.0.0.1")) {
                ExternalCommand.Result wrong = curl("--socks5-hostname", "127.0.0.1:" + proxy.port(),
                        "-U", "alice:wrong", http.url(FAKE_NAME));
                ExternalCommand.Result none = curl("--socks5-hostname", "127.0.0.1:" + proxy.port(),
                        http.url(FAKE_NAME));
                Socks5TestClient.Result raw = Socks5TestClient.to(proxy.port()).userPassword("alice", "wrong")
                        .attempt(FAKE_NAME, http.port());

                assertThat(wrong.exitCode()).isNotZero();
                assertThat(none.exitCode()).isNotZero();
                assertThat(raw.outcome()).isEqualTo(Socks5TestClient.Outcome.AUTH_FAILED);
                assertThat(raw.code()).isEqualTo(0x01);
                assertThat(proxy.requests()).isEmpty();
                assertThat(http.requestCount()).isZero();
            }
        }

        @Test
        void unmappedNameGetsHostUnreachableAndIsStillRecorded(Vertx vertx) throws IOException {
            TunnelDestinations.record("unmapped.test", http.port());
            try (RecordingSocks5Proxy proxy = RecordingSocks5Proxy.start(vertx)) {
                Socks5TestClient.Result raw = Socks5TestClient.to(proxy.port()).attempt("unmapped.test", http.port());
                ExternalCommand.Result viaCurl = curl("--socks5-hostname", "127.0.0.1:" + proxy.port(),
                        http.url("unmapped.test"));

                assertThat(raw.outcome()).isEqualTo(Socks5TestClient.Outcome.REPLY_FAILURE);
                assertThat(raw.code()).isEqualTo(Socks5TestClient.REPLY_HOST_UNREACHABLE);
                assertThat(viaCurl.exitCode()).isNotZero();
                assertThat(proxy.requests()).containsExactly("unmapped.test:" + http.port(),
                        "unmapped.test:" + http.port());
            }
        }

        @Test
        void ipv4TargetRelaysOneMebibyteExactlyWithHalfClose(Vertx vertx) throws IOException {
            byte[] payload = Payloads.random(ONE_MIB, 11);
            try (EchoServer echo = EchoServer.start();
                    RecordingSocks5Proxy proxy = RecordingSocks5Proxy.start(vertx);
                    Socket socket = Socks5TestClient.to(proxy.port()).connect(InetAddress.getLoopbackAddress(),
                            echo.port())) {
                TunnelDestinations.record("127.0.0.1", echo.port());
                byte[] echoed = Sockets.exchange(socket, payload, WAIT);

                assertThat(Payloads.sha256Hex(echoed)).isEqualTo(Payloads.sha256Hex(payload));
                assertThat(proxy.typedRequests())
                        .containsExactly(new Request("127.0.0.1:" + echo.port(), AddressType.IPV4));
            }
        }

        @Test
        void ipv6TargetIsRecordedInBrackets(Vertx vertx) throws IOException {
            InetAddress ipv6 = InetAddress.getByName("::1");
            try (EchoServer echo = EchoServer.start(ipv6);
                    RecordingSocks5Proxy proxy = RecordingSocks5Proxy.start(vertx);
                    Socket socket = Socks5TestClient.to(proxy.port()).connect(ipv6, echo.port())) {
                TunnelDestinations.record("::1", echo.port());
                byte[] payload = "over ipv6".getBytes(StandardCharsets.US_ASCII);

                assertThat(Sockets.exchange(socket, payload, WAIT)).isEqualTo(payload);
                assertThat(proxy.typedRequests())
                        .containsExactly(new Request("[::1]:" + echo.port(), AddressType.IPV6));
            }
        }

        @Test
        void dataAndFinPipelinedBehindTheRequestReachTheTarget(Vertx vertx) throws IOException {
            byte[] payload = Payloads.random(64 * 1024, 12);
            try (SinkServer sink = SinkServer.start();
                    RecordingSocks5Proxy proxy = RecordingSocks5Proxy.start(vertx).mapHost("sink.test", "127.0.0.1");
                    Socket socket = Socks5TestClient.to(proxy.port()).pipelined(payload).connect("sink.test",
                            sink.port())) {
                TunnelDestinations.record("sink.test", sink.port());
                socket.shutdownOutput();

                assertThat(Sockets.readUntilEof(socket, WAIT)).isEmpty();
                List<ReceivedStream> received = sink.awaitReceived(1, WAIT);
                assertThat(received.get(0).sha256Hex()).isEqualTo(Payloads.sha256Hex(payload));
                assertThat(received.get(0).endedByEof()).isTrue();
            }
        }

        @Test
        void garbageGreetingOrUnsupportedCommandClosesThatConnectionOnly(Vertx vertx) throws IOException {
            try (RecordingSocks5Proxy proxy = RecordingSocks5Proxy.start(vertx).mapHost(FAKE_NAME, "127.0.0.1");
                    Socket idle = Socks5TestClient.to(proxy.port()).openRaw();
                    Socket garbage = Socks5TestClient.to(proxy.port()).openRaw()) {
                write(garbage, "GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                Socks5TestClient.Result bind = Socks5TestClient.to(proxy.port()).attempt(
                        Socks5TestClient.request(Socks5TestClient.CMD_BIND, Socks5TestClient.ATYP_IPV4,
                                new byte[] {127, 0, 0, 1}, http.port()));
                Socks5TestClient.Result badType = Socks5TestClient.to(proxy.port()).attempt(
                        Socks5TestClient.request(Socks5TestClient.CMD_CONNECT, 0x09, new byte[] {1, 2}, 80));

                assertThat(Sockets.closedByPeer(garbage, WAIT)).isTrue();
                assertThat(bind.code()).isEqualTo(Socks5TestClient.REPLY_COMMAND_NOT_SUPPORTED);
                assertThat(badType.code()).isEqualTo(Socks5TestClient.REPLY_ADDRESS_TYPE_NOT_SUPPORTED);
                ExternalCommand.Result result = curl("--socks5-hostname", "127.0.0.1:" + proxy.port(),
                        http.url(FAKE_NAME)).requireSuccess();
                assertThat(result.stdout()).isEqualTo(http.body());
                assertThat(Sockets.closedByPeer(idle, Duration.ofMillis(200))).isFalse();
                assertThat(proxy.requests()).containsExactly(FAKE_NAME + ":" + http.port());
                assertThat(proxy.connections()).isEqualTo(5);
            }
        }
    }

    @Nested
    class HttpConnect {
        @Test
        void curlProxytunnelGetsThePageAndTheProxyRecordsTheAuthority(Vertx vertx) {
            try (RecordingHttpConnectProxy proxy = RecordingHttpConnectProxy.start(vertx)
                    .mapHost(FAKE_NAME, "127.0.0.1")) {
                ExternalCommand.Result result = curl("-p", "-x", "http://127.0.0.1:" + proxy.port(),
                        http.url(FAKE_NAME)).requireSuccess();

                assertThat(result.stdout()).isEqualTo(http.body());
                assertThat(proxy.requests()).containsExactly(FAKE_NAME + ":" + http.port());
                assertThat(proxy.connections()).isEqualTo(1);
            }
        }

        @Test
        void curlWithBasicCredentialsGetsThePageWrongOnesGet407(Vertx vertx) {
            try (RecordingHttpConnectProxy proxy = RecordingHttpConnectProxy.start(vertx, "bob", "pa55")
                    .mapHost(FAKE_NAME, "127.0.0.1")) {
                ExternalCommand.Result wrong = curl("-p", "-x", "http://127.0.0.1:" + proxy.port(),
                        "-U", "bob:nope", http.url(FAKE_NAME));
                ExternalCommand.Result none = curl("-p", "-x", "http://127.0.0.1:" + proxy.port(),
                        http.url(FAKE_NAME));
                assertThat(wrong.exitCode()).isNotZero();
                assertThat(wrong.stderr()).contains("407");
                assertThat(none.exitCode()).isNotZero();
                assertThat(none.stderr()).contains("407");
                assertThat(proxy.requests()).isEmpty();

                ExternalCommand.Result right = curl("-p", "-x", "http://127.0.0.1:" + proxy.port(),
                        "-U", "bob:pa55", http.url(FAKE_NAME)).requireSuccess();
                assertThat(right.stdout()).isEqualTo(http.body());
                assertThat(proxy.requests()).containsExactly(FAKE_NAME + ":" + http.port());
                assertThat(http.requestCount()).isEqualTo(1);
            }
        }

        @Test
        void plainProxyRequestGets405AndUnmappedTargetGets502(Vertx vertx) {
            TunnelDestinations.record("unmapped.test", http.port());
            try (RecordingHttpConnectProxy proxy = RecordingHttpConnectProxy.start(vertx)
                    .mapHost(FAKE_NAME, "127.0.0.1")) {
                ExternalCommand.Result get = curl("-x", "http://127.0.0.1:" + proxy.port(),
                        "-o", "/dev/null", "-w", "%{http_code}", http.url(FAKE_NAME));
                ExternalCommand.Result unmapped = curl("-p", "-x", "http://127.0.0.1:" + proxy.port(),
                        http.url("unmapped.test"));

                assertThat(get.stdout()).isEqualTo("405");
                assertThat(unmapped.exitCode()).isNotZero();
                assertThat(unmapped.stderr()).contains("502");
                assertThat(proxy.requests()).containsExactly("unmapped.test:" + http.port());
                assertThat(http.requestCount()).isZero();
            }
        }

        @Test
        void rawTunnelRelaysOneMebibyteExactlyWithHalfClose(Vertx vertx) throws IOException {
            byte[] payload = Payloads.random(ONE_MIB, 21);
            try (EchoServer echo = EchoServer.start();
                    RecordingHttpConnectProxy proxy = RecordingHttpConnectProxy.start(vertx);
                    Socket socket = Sockets.connect(proxy.port())) {
                TunnelDestinations.record("127.0.0.1", echo.port());
                String authority = "127.0.0.1:" + echo.port();
                write(socket, connectHead(authority));

                assertThat(readHead(socket.getInputStream())).startsWith("HTTP/1.1 200 Connection established\r\n");
                byte[] echoed = Sockets.exchange(socket, payload, WAIT);
                assertThat(Payloads.sha256Hex(echoed)).isEqualTo(Payloads.sha256Hex(payload));
                assertThat(proxy.requests()).containsExactly(authority);
            }
        }

        @Test
        void ipv6AuthorityIsRecordedAsSentAndDataPipelinedBehindTheHeadArrives(Vertx vertx) throws IOException {
            byte[] payload = Payloads.random(64 * 1024, 22);
            try (SinkServer sink = SinkServer.start(InetAddress.getByName("::1"));
                    RecordingHttpConnectProxy proxy = RecordingHttpConnectProxy.start(vertx);
                    Socket socket = Sockets.connect(proxy.port())) {
                TunnelDestinations.record("::1", sink.port());
                String authority = "[::1]:" + sink.port();
                ByteArrayOutputStream request = new ByteArrayOutputStream();
                request.writeBytes(connectHead(authority));
                request.writeBytes(payload);
                Sockets.sendAndShutdownOutput(socket, request.toByteArray());

                byte[] response = Sockets.readUntilEof(socket, WAIT);
                assertThat(new String(response, StandardCharsets.ISO_8859_1))
                        .isEqualTo("HTTP/1.1 200 Connection established\r\n\r\n");
                List<ReceivedStream> received = sink.awaitReceived(1, WAIT);
                assertThat(received.get(0).sha256Hex()).isEqualTo(Payloads.sha256Hex(payload));
                assertThat(proxy.requests()).containsExactly(authority);
            }
        }

        @Test
        void garbageOrMalformedRequestClosesThatConnectionOnly(Vertx vertx) throws IOException {
            try (RecordingHttpConnectProxy proxy = RecordingHttpConnectProxy.start(vertx)
                    .mapHost(FAKE_NAME, "127.0.0.1");
                    Socket idle = Sockets.connect(proxy.port());
                    Socket garbage = Sockets.connect(proxy.port());
                    Socket badAuthority = Sockets.connect(proxy.port());
                    Socket binary = Sockets.connect(proxy.port())) {
                write(garbage, "\u0016\u0003\u0001 not http at all\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                write(badAuthority, connectHead("no-port-here"));
                write(binary, new byte[] {5, 1, 0});
                binary.shutdownOutput();

                assertThat(readHead(garbage.getInputStream())).startsWith("HTTP/1.1 400 ");
                assertThat(Sockets.closedByPeer(garbage, WAIT)).isTrue();
                assertThat(readHead(badAuthority.getInputStream())).startsWith("HTTP/1.1 400 ");
                assertThat(Sockets.closedByPeer(binary, WAIT)).isTrue();
                ExternalCommand.Result result = curl("-p", "-x", "http://127.0.0.1:" + proxy.port(),
                        http.url(FAKE_NAME)).requireSuccess();
                assertThat(result.stdout()).isEqualTo(http.body());
                assertThat(Sockets.closedByPeer(idle, Duration.ofMillis(200))).isFalse();
                assertThat(proxy.requests()).containsExactly(FAKE_NAME + ":" + http.port());
                assertThat(proxy.connections()).isEqualTo(5);
            }
        }
    }

    private static byte[] connectHead(String authority) {
        return ("CONNECT " + authority + " HTTP/1.1\r\nHost: " + authority + "\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
    }

    private static void write(Socket socket, byte[] bytes) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(bytes);
        out.flush();
    }

    /** Reads byte by byte up to and including the blank line, so nothing behind the head is consumed. */
    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("EOF inside the response head: " + head);
            }
            head.append((char) b);
        }
        return head.toString();
    }
}
