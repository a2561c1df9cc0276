package alknet.e2e;

import alknet.api.Alknet;
import alknet.api.AlknetServer;
import alknet.api.AlknetVertx;
import alknet.auth.PrivateKeyFiles;
import alknet.auth.TokenIssuer;
import alknet.cli.ServeCommand;
import alknet.config.ConfigLoader;
import alknet.testsupport.AlknetTestNodes;
import alknet.testsupport.LogCollector;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /admin/reload} (40-cluster-ops.md section 4, 20-auth-config.md section 3): a token of a key whose
 * identity holds {@code admin:reload} reloads the file; an expired, future-dated, wrongly signed, unknown-key,
 * scope-less or malformed token gets 401/403 with a JSON reason and nothing is reloaded.
 */
@Timeout(60)
class AdminReloadE2ETest {
    @TempDir
    Path dir;
    private Path toml;
    private KeyPair admin;
    private KeyPair relayOnly;
    private Vertx vertx;
    private AlknetServer server;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        LogCollector.installInProcess();
        admin = PrivateKeyFiles.generateEd25519(dir.resolve("admin"));
        relayOnly = PrivateKeyFiles.generateEd25519(dir.resolve("relay"));
        Files.writeString(dir.resolve("authorized_keys"), PrivateKeyFiles.publicKeyLine(admin, "admin") + "\n"
                + PrivateKeyFiles.publicKeyLine(relayOnly, "relay") + "\n");
        toml = dir.resolve("alknet.toml");
        writeConfig(50);
        ConfigLoader loader = new ConfigLoader(Map.of("config", toml.toString(), "listen", "127.0.0.1:0",
                "ops-listen", "127.0.0.1:0", "data-dir", dir.toString()), Map.of());
        vertx = AlknetVertx.create();
        server = AlknetTestNodes.await(Alknet.serve(vertx, ServeCommand.serveOptions(loader)));
    }

    @AfterEach
    void stop() throws Exception {
        try {
            AlknetTestNodes.await(server.close());
        } finally {
            AlknetTestNodes.await(vertx.close());
        }
    }

    private void writeConfig(int maxStartups) throws Exception {
        Files.writeString(toml, """
                [auth]
                authorized_keys = "%s"
                [[auth.identities]]
                key = "%s"
                scopes = ["relay:connect", "admin:reload"]
                [auth.token]
                enabled = true
                [limits]
                max_startups = %d
                """.formatted(dir.resolve("authorized_keys"), PrivateKeyFiles.publicKeyLine(admin, "admin"), maxStartups));
    }

    @Test
    void adminTokenReloadsTheFile() throws Exception {
        writeConfig(77);
        String token = new TokenIssuer(admin, Clock.systemUTC()).issue(Duration.ofSeconds(60), List.of("admin:reload"), null);
        HttpResponse<String> r = post("Bearer " + token);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonObject body = new JsonObject(r.body());
        assertThat(body.getString("status")).isEqualTo("reloaded");
        assertThat(body.getJsonArray("changed").getList()).containsExactly("limits");
        assertThat(server.limits().maxStartups()).isEqualTo(77);
        LogCollector.assertNoLineContains(token);
    }

    @Test
    void badTokensAreRefusedAndNothingIsReloaded() throws Exception {
        writeConfig(77);
        Instant now = Instant.now();
        TokenIssuer adminNow = new TokenIssuer(admin, Clock.systemUTC());
        String valid = adminNow.issue(Duration.ofSeconds(60));
        KeyPair stranger = PrivateKeyFiles.generateEd25519(dir.resolve("stranger"));
        Map<String, String> cases = new java.util.LinkedHashMap<>();
        cases.put("expired", new TokenIssuer(admin, Clock.fixed(now.minusSeconds(3600), ZoneOffset.UTC)).issue(Duration.ofSeconds(60)));
        cases.put("future-dated", new TokenIssuer(admin, Clock.fixed(now.plusSeconds(3600), ZoneOffset.UTC)).issue(Duration.ofSeconds(60)));
        cases.put("bad-signature", withOtherSignature(valid, new TokenIssuer(stranger, Clock.systemUTC()).issue(Duration.ofSeconds(60))));
        cases.put("unknown-kid", new TokenIssuer(stranger, Clock.systemUTC()).issue(Duration.ofSeconds(60)));
        cases.put("malformed", "not-a-token");
        // a key without admin:reload asking for it, and the admin key narrowed to relay:connect only
        cases.put("missing-scope", new TokenIssuer(relayOnly, Clock.systemUTC()).issue(Duration.ofSeconds(60), List.of("admin:reload"), null));
        cases.put("missing-scope ", adminNow.issue(Duration.ofSeconds(60), List.of("relay:connect"), null));
        for (Map.Entry<String, String> c : cases.entrySet()) {
            String reason = c.getKey().strip();
            HttpResponse<String> r = post("Bearer " + c.getValue());
            assertThat(r.statusCode()).as(c.getKey() + ": " + r.body()).isEqualTo(reason.equals("missing-scope") ? 403 : 401);
            assertThat(new JsonObject(r.body()).getString("reason")).as(c.getKey()).isEqualTo(reason);
            assertThat(server.limits().maxStartups()).as(c.getKey() + ": nothing reloaded").isEqualTo(50);
        }
        HttpResponse<String> none = post(null);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(new JsonObject(none.body()).getString("reason")).isEqualTo("missing-token");
        assertThat(server.limits().maxStartups()).isEqualTo(50);
        for (String token : cases.values()) {
            LogCollector.assertNoLineContains(token);
        }
    }

    @Test
    void invalidFileIsReportedAndTheOldConfigStays() throws Exception {
        Files.writeString(toml, Files.readString(toml).replace("max_startups = 50", "max_startups = 50\nmax_startup = 3"));
        String token = new TokenIssuer(admin, Clock.systemUTC()).issue(Duration.ofSeconds(60));
        HttpResponse<String> r = post("Bearer " + token);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(new JsonObject(r.body()).getString("reason")).startsWith(toml + ":10: unknown key 'max_startup'");
        assertThat(server.limits().maxStartups()).isEqualTo(50);
    }

    /** The header and claims of {@code token} with the signature of another token: a bad signature for its kid. */
    private static String withOtherSignature(String token, String other) {
        return token.substring(0, token.lastIndexOf('.')) + other.substring(other.lastIndexOf('.'));
    }

    private HttpResponse<String> post(String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.opsPort() + "/admin/reload"))
                .POST(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(10));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
