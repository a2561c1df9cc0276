package alknet.auth;

import io.vertx.core.Future;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.authentication.UsernamePasswordCredentials;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.junit.jupiter.api.Test;

import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Tokens through Vert.x's AuthenticationProvider: identity in the principal, reason on refusal, token nowhere. */
class TokenAuthenticationProviderTest {
    @Test
    void acceptedTokenBecomesAUserWithTheIdentityAndWithoutTheToken() throws Exception {
        KeyPair key = KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
        AuthConfig config = AuthConfig.builder().identity(key.getPublic(), List.of("admin:reload"), Map.of("node", List.of("*")))
                .tokens(TokenSettings.ENABLED.withKeys(List.of(key.getPublic()))).build();
        var provider = new TokenAuthenticationProvider(new ConfigIdentityProvider(() -> config), null);
        String token = new TokenIssuer(key, Clock.systemUTC()).issue(Duration.ofSeconds(60));

        User user = provider.authenticate(new TokenCredentials(token)).await();
        assertThat(user.principal().getString("sub")).isEqualTo(KeyFingerprint.of(key.getPublic()));
        assertThat(user.principal().getJsonArray("scope").getList()).containsExactly("admin:reload");
        assertThat(user.principal().encode() + user.attributes().encode()).doesNotContain(token);

        Future<User> refused = provider.authenticate(new TokenCredentials(token + "x"));
        assertThat(refused.failed()).isTrue();
        assertThat(refused.cause()).isInstanceOf(TokenRejectedException.class);
        assertThat(refused.cause().getMessage()).doesNotContain(token);
        assertThat(((TokenRejectedException) refused.cause()).rejection()).isEqualTo(TokenRejection.BAD_SIGNATURE);
        assertThat(provider.authenticate(new UsernamePasswordCredentials("a", "b")).failed()).isTrue();
    }
}
