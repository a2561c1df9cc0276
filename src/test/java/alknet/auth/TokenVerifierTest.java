package alknet.auth;

import alknet.api.Identity;
import alknet.testsupport.SshKeyPair;
import alknet.testsupport.SshKeys;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** 20-auth-config.md section 3: JWS tokens signed by SSH keys, each refusal with its reason. */
class TokenVerifierTest {
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    @TempDir
    Path dir;
    private KeyPair alice;
    private KeyPair mallory;
    private AuthConfig config;

    @BeforeEach
    void keys() {
        SshKeyPair aliceFiles = SshKeys.generateEd25519(dir, "alice");
        SshKeyPair malloryFiles = SshKeys.generateEd25519(dir, "mallory");
        alice = PrivateKeyFiles.load(aliceFiles.privateKey());
        mallory = PrivateKeyFiles.load(malloryFiles.privateKey());
        config = AuthConfig.builder()
                .authorizedKeys(AuthorizedKeys.parse("test", List.of(aliceFiles.publicKeyLine())))
                .identity(alice.getPublic(), List.of("relay:connect", "admin:reload"), Map.of("node", List.of("dev1")))
                .tokens(TokenSettings.ENABLED.withAudience("relay.example"))
                .build();
    }

    private static Clock at(Instant instant) {
        return Clock.fixed(instant, ZoneOffset.UTC);
    }

    private TokenCheck verify(String token) {
        return new TokenVerifier(at(NOW)).verify(token, config);
    }

    private static TokenCheck rejected(TokenRejection rejection) {
        return new TokenCheck.Rejected(rejection);
    }

    @Test
    void mintedTokenProvesTheSameIdentityAsAnSshLogin() {
        TokenIssuer issuer = new TokenIssuer(alice, at(NOW));
        String token = issuer.issue(Duration.ofSeconds(300));

        assertThat(token.split("\\.")).hasSize(3);
        String header = new String(Base64.getUrlDecoder().decode(token.split("\\.")[0]), StandardCharsets.UTF_8);
        assertThat(header).contains("\"alg\":\"EdDSA\"").contains("\"kid\":\"" + KeyFingerprint.of(alice.getPublic()) + "\"");
        assertThat(verify(token)).isEqualTo(new TokenCheck.Accepted(config.keyIdentity(issuer.keyId()).orElseThrow()));
    }

    @Test
    void expiredToken() {
        String token = new TokenIssuer(alice, at(NOW.minusSeconds(400))).issue(Duration.ofSeconds(300));
        assertThat(verify(token)).isEqualTo(rejected(TokenRejection.EXPIRED));
    }

    @Test
    void expiryHasSixtySecondsOfSkew() {
        String token = new TokenIssuer(alice, at(NOW.minusSeconds(300 + 59))).issue(Duration.ofSeconds(300));
        assertThat(verify(token)).isInstanceOf(TokenCheck.Accepted.class);
    }

    @Test
    void futureDatedToken() {
        String token = new TokenIssuer(alice, at(NOW.plusSeconds(61))).issue(Duration.ofSeconds(300));
        assertThat(verify(token)).isEqualTo(rejected(TokenRejection.FUTURE_DATED));
        String withinSkew = new TokenIssuer(alice, at(NOW.plusSeconds(60))).issue(Duration.ofSeconds(300));
        assertThat(verify(withinSkew)).isInstanceOf(TokenCheck.Accepted.class);
    }

    @Test
    void lifetimeAboveMaxTokenAge() {
        String token = new TokenIssuer(alice, at(NOW)).issue(Duration.ofSeconds(301));
        assertThat(verify(token)).isEqualTo(rejected(TokenRejection.LIFETIME));
    }

    @Test
    void signedByAnotherKeyUnderTheSameKid() {
        String honest = new TokenIssuer(alice, at(NOW)).issue(Duration.ofSeconds(60));
        String forged = new TokenIssuer(mallory, at(NOW)).issue(Duration.ofSeconds(60));
        String[] h = honest.split("\\.");
        String[] f = forged.split("\\.");
        assertThat(verify(h[0] + "." + h[1] + "." + f[2])).isEqualTo(rejected(TokenRejection.BAD_SIGNATURE));
    }

    @Test
    void unknownKid() {
        String token = new TokenIssuer(mallory, at(NOW)).issue(Duration.ofSeconds(60));
        assertThat(verify(token)).isEqualTo(rejected(TokenRejection.UNKNOWN_KID));
    }

    @Test
    void separateTokenKeySetReplacesTheAuthorizedKeys() {
        AuthConfig separate = AuthConfig.builder().authorizedKeys(config.authorizedKeys())
                .tokens(TokenSettings.ENABLED.withKeys(List.of(mallory.getPublic()))).build();
        TokenVerifier verifier = new TokenVerifier(at(NOW));
        assertThat(verifier.verify(new TokenIssuer(mallory, at(NOW)).issue(Duration.ofSeconds(60)), separate))
                .extracting(c -> c.identity().orElseThrow().scopes()).isEqualTo(List.of("relay:connect"));
        assertThat(verifier.verify(new TokenIssuer(alice, at(NOW)).issue(Duration.ofSeconds(60)), separate))
                .isEqualTo(rejected(TokenRejection.UNKNOWN_KID));
    }

    @Test
    void scopeNarrowsTheIdentity() {
        String token = new TokenIssuer(alice, at(NOW)).issue(Duration.ofSeconds(60), List.of("admin:reload"), null);
        Identity identity = verify(token).identity().orElseThrow();
        assertThat(identity.scopes()).containsExactly("admin:reload");
        assertThat(identity.resources()).isEqualTo(Map.of("node", List.of("dev1")));
    }

    @Test
    void scopeNotHeldIsMissingScopeAndForbidden() {
        String token = new TokenIssuer(alice, at(NOW)).issue(Duration.ofSeconds(60), List.of("admin:reload", "node:register"), null);
        assertThat(verify(token)).isEqualTo(rejected(TokenRejection.MISSING_SCOPE));
        assertThat(TokenRejection.MISSING_SCOPE.httpStatus()).isEqualTo(403);
        assertThat(TokenRejection.BAD_SIGNATURE.httpStatus()).isEqualTo(401);
    }

    @Test
    void audienceMustBeThisServerWhenPresent() {
        TokenIssuer issuer = new TokenIssuer(alice, at(NOW));
        assertThat(verify(issuer.issue(Duration.ofSeconds(60), null, "relay.example"))).isInstanceOf(TokenCheck.Accepted.class);
        assertThat(verify(issuer.issue(Duration.ofSeconds(60), null, "other.example"))).isEqualTo(rejected(TokenRejection.AUDIENCE));
    }

    @Test
    void disabledTokensAreRefused() {
        AuthConfig off = AuthConfig.of(config.authorizedKeys());
        String token = new TokenIssuer(alice, at(NOW)).issue(Duration.ofSeconds(60));
        assertThat(new TokenVerifier(at(NOW)).verify(token, off)).isEqualTo(rejected(TokenRejection.DISABLED));
    }

    @Test
    void otherAlgorithmsAndMissingKidAreMalformed() {
        String[] parts = new TokenIssuer(alice, at(NOW)).issue(Duration.ofSeconds(60)).split("\\.");
        String none = b64("{\"alg\":\"none\",\"kid\":\"" + KeyFingerprint.of(alice.getPublic()) + "\"}");
        String noKid = b64("{\"alg\":\"EdDSA\"}");
        assertThat(verify(none + "." + parts[1] + "." + parts[2])).isEqualTo(rejected(TokenRejection.MALFORMED));
        assertThat(verify(none + "." + parts[1] + ".")).isEqualTo(rejected(TokenRejection.MALFORMED));
        assertThat(verify(noKid + "." + parts[1] + "." + parts[2])).isEqualTo(rejected(TokenRejection.MALFORMED));
    }

    @Test
    void rejectionsNeverCarryTheToken() {
        String token = new TokenIssuer(mallory, at(NOW)).issue(Duration.ofSeconds(60));
        TokenCheck check = verify(token);
        TokenRejectedException e = new TokenRejectedException(((TokenCheck.Rejected) check).rejection());

        assertThat(check.toString()).doesNotContain(token).doesNotContain(token.split("\\.")[2]);
        assertThat(e.getMessage()).isEqualTo("token rejected reason=unknown-kid").doesNotContain(token);
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
