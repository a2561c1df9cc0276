package alknet.auth;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 20-auth-config.md section 3 decision: tokens are standard JWS, so a stock library verifies them. Vert.x Auth
 * JWT 5.0.7 does, given the key as an OKP/Ed25519 JWK (docs/decisions.md says why alknet verifies on its own).
 */
class VertxJwtInteropTest {
    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() {
        vertx.close().await();
    }

    @Test
    void vertxJwtAuthVerifiesAnAlknetToken() throws Exception {
        KeyPair key = KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
        KeyPair other = KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
        TokenIssuer issuer = new TokenIssuer(key, Clock.systemUTC());
        JsonObject jwk = new JsonObject().put("kty", "OKP").put("crv", "Ed25519").put("alg", "EdDSA")
                .put("kid", issuer.keyId())
                .put("x", Base64.getUrlEncoder().withoutPadding().encodeToString(Ed25519Keys.raw(key.getPublic())));
        JWTAuth jwt = JWTAuth.create(vertx, new JWTAuthOptions().addJwk(jwk));

        User user = jwt.authenticate(new TokenCredentials(issuer.issue(Duration.ofSeconds(60), List.of("relay:connect"), null))).await();
        assertThat(user.principal().getString("scope")).isEqualTo("relay:connect");

        String forged = new TokenIssuer(other, Clock.systemUTC()).issue(Duration.ofSeconds(60));
        assertThat(jwt.authenticate(new TokenCredentials(forged)).failed()).isTrue();
    }
}
