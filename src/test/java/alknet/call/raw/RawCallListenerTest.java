package alknet.call.raw;

import alknet.auth.AuthConfig;
import alknet.auth.AuthorizedKeys;
import alknet.api.Identity;
import alknet.auth.PrivateKeyFiles;
import alknet.auth.TokenIssuer;
import alknet.auth.TokenSettings;
import alknet.auth.TokenVerifier;
import alknet.call.Await;
import alknet.call.CallRouterVerticle;
import alknet.call.RawFramePeer;
import alknet.call.operation.CallRouterOptions;
import alknet.api.OperationSpec;
import alknet.api.OperationType;
import alknet.call.metrics.CallMetrics;
import alknet.testsupport.ExternalCommand;
import alknet.testsupport.LogCollector;
import alknet.testsupport.SshKeyPair;
import alknet.testsupport.SshKeys;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** 30-call-protocol.md section 6: raw framing on TCP/TLS, __auth token first, with a real Python client process. */
class RawCallListenerTest {
    @TempDir
    static Path dir;
    private static String token;
    private static String fingerprint;
    private static AuthConfig config;
    private final Vertx vertx = Vertx.vertx();
    private final CallRouterVerticle router = new CallRouterVerticle(
            new CallRouterOptions().setAuthTimeout(Duration.ofMillis(500)), CallMetrics.NONE, "test");
    /** One key and token for the class: ssh-keygen is a process. */
    @BeforeAll
    static void keys() {
        SshKeyPair alice = SshKeys.generateEd25519(dir, "alice");
        KeyPair keys = PrivateKeyFiles.load(alice.privateKey());
        config = AuthConfig.builder()
                .authorizedKeys(AuthorizedKeys.parse("test", List.of(alice.publicKeyLine())))
                .identity(keys.getPublic(), List.of("app:use"), Map.of())
                .tokens(TokenSettings.ENABLED).build();
        token = new TokenIssuer(keys, Clock.systemUTC()).issue(Duration.ofSeconds(120));
        fingerprint = alice.fingerprint();
    }

    @BeforeEach
    void setUp() {
        Await.result(vertx.deployVerticle(router));
        router.registry().register(OperationSpec.builder("/app/whoami", OperationType.QUERY).build(), (ctx, in) ->
                Future.succeededFuture(new JsonObject().put("id", ctx.identity().id()).put("scopes", ctx.identity().scopes())));
    }

    @AfterEach
    void tearDown() {
        Await.result(vertx.close());
    }

    private RawCallListener listen(RawListenerOptions options) {
        RawCallListener listener = new RawCallListener(vertx, options,
                new VerifiedTokenAuthenticator(new TokenVerifier(Clock.systemUTC()), () -> config), router);
        Await.result(listener.listen());
        return listener;
    }

    private ExternalCommand.Result python(int port, String... extra) {
        List<String> command = new ArrayList<>(List.of("python3", script(), "--port", String.valueOf(port)));
        command.addAll(List.of(extra));
        return ExternalCommand.run(Duration.ofSeconds(30), command);
    }

    private static String script() {
        try {
            return Path.of(RawCallListenerTest.class.getResource("raw_call_client.py").toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void pythonClientAuthenticatesWithATokenAndCalls() {
        int mark = LogCollector.mark();
        RawCallListener listener = listen(RawListenerOptions.tcp("127.0.0.1", 0));
        ExternalCommand.Result ping = python(listener.actualPort(), "--token", token);
        assertThat(ping.exitCode()).as(ping.stdout() + ping.stderr()).isZero();
        JsonObject pong = new JsonObject(ping.stdout().strip());
        assertThat(pong.getString("type")).isEqualTo("call.responded");
        assertThat(pong.getJsonObject("payload").getJsonObject("output").getBoolean("pong")).isTrue();

        ExternalCommand.Result whoami = python(listener.actualPort(), "--token", token, "--op", "/app/whoami");
        JsonObject output = new JsonObject(whoami.stdout().strip()).getJsonObject("payload").getJsonObject("output");
        assertThat(output.getString("id")).isEqualTo(fingerprint);
        assertThat(output.getJsonArray("scopes").getList()).containsExactly("app:use");
        assertThat(LogCollector.linesSince(mark)).noneMatch(l -> l.contains(token));
    }

    @Test
    void badTokenOrAnotherFirstFrameClosesTheConnectionAndTheListenerKeepsServing() {
        int mark = LogCollector.mark();
        RawCallListener listener = listen(RawListenerOptions.tcp("127.0.0.1", 0));
        String forged = token.substring(0, token.length() - 4) + "AAAA";
        ExternalCommand.Result bad = python(listener.actualPort(), "--token", forged);
        assertThat(bad.exitCode()).as(bad.stdout()).isEqualTo(3);
        assertThat(bad.stdout()).isEqualTo("CLOSED\n");

        ExternalCommand.Result noAuth = python(listener.actualPort(), "--first-frame",
                "{\"type\":\"call.requested\",\"id\":\"x\",\"payload\":{\"operationId\":\"/node/ping\"}}");
        assertThat(noAuth.exitCode()).isEqualTo(3);

        assertThat(python(listener.actualPort(), "--token", token).exitCode()).isZero();
        assertThat(LogCollector.linesSince(mark)).anyMatch(l -> l.contains("refused") && l.contains("bad-signature"))
                .noneMatch(l -> l.contains(forged) || l.contains(token));
    }

    @Test
    void silentClientIsClosedAfterTheAuthTimeout() {
        RawCallListener listener = listen(RawListenerOptions.tcp("127.0.0.1", 0));
        try (RawFramePeer silent = new RawFramePeer(listener.actualPort())) {
            assertThat(silent.closedWithin(Duration.ofSeconds(5))).isTrue();
        }
        assertThat(router.connections()).isEmpty();
    }

    @Test
    void tlsListenerServesThePythonClient() {
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        ExternalCommand.run(Duration.ofSeconds(30), "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2", "-subj", "/CN=localhost",
                "-keyout", key.toString(), "-out", cert.toString()).requireSuccess();
        RawCallListener listener = listen(new RawListenerOptions("127.0.0.1", 0, cert, key));
        ExternalCommand.Result ping = python(listener.actualPort(), "--tls", "--token", token);
        assertThat(ping.exitCode()).as(ping.stdout() + ping.stderr()).isZero();
        Await.until(() -> router.connections().isEmpty(), "the client closed after its call");
    }

    @Test
    void authenticatedConnectionIsServedAsItsTokensIdentity() {
        Identity carol = new Identity("SHA256:carol", List.of("x"), Map.of());
        RawCallListener listener = new RawCallListener(vertx, RawListenerOptions.tcp("127.0.0.1", 0),
                (t, transport) -> "carol-token".equals(t) ? Future.succeededFuture(carol)
                        : Future.failedFuture(new IllegalArgumentException("unknown")), router);
        Await.result(listener.listen());
        try (RawFramePeer peer = new RawFramePeer(listener.actualPort())) {
            // Frames right behind __auth wait until the identity is known, then are served in order.
            peer.send(new alknet.call.frame.Envelope("__auth", "", new JsonObject().put("token", "carol-token")));
            for (int i = 0; i < 3; i++) {
                peer.send(new alknet.call.frame.Envelope("call.requested", "r" + i,
                        new JsonObject().put("operationId", "/app/whoami")));
            }
            for (int i = 0; i < 3; i++) {
                var response = peer.next(Duration.ofSeconds(5));
                assertThat(response.id()).isEqualTo("r" + i);
                assertThat(((JsonObject) response.payloadObject().getValue("output")).getString("id")).isEqualTo(carol.id());
            }
            assertThat(router.connections()).singleElement()
                    .satisfies(c -> assertThat(c.transport().kind().wireName()).isEqualTo("tcp"));
        }
    }
}
