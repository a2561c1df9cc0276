package alknet.cli;

import alknet.auth.AuthConfig;
import alknet.auth.AuthorizedKeys;
import alknet.api.Identity;
import alknet.auth.PrivateKeyFiles;
import alknet.auth.TokenCheck;
import alknet.auth.TokenRejection;
import alknet.auth.TokenSettings;
import alknet.auth.TokenVerifier;
import alknet.testsupport.AlknetProcess;
import alknet.testsupport.CoversOption;
import alknet.testsupport.SshKeyPair;
import alknet.testsupport.SshKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code alknet token} (20-auth-config.md section 3) through the packaged jar: the printed token is judged by the
 * server's verifier, whose settings make each option matter: the key must be the identity's, the lifetime must fit
 * a 200 s max_token_age (the default ttl of 300 s would not), the scopes are narrowed, the audience must match.
 */
@Timeout(60)
class TokenCliIT {
    private static final String AUDIENCE = "alknet.test";

    @TempDir
    Path dir;

    @Test
    @CoversOption(command = "token", option = "--identity")
    @CoversOption(command = "token", option = "--ttl")
    @CoversOption(command = "token", option = "--scope")
    @CoversOption(command = "token", option = "--aud")
    void tokenIsAcceptedOnlyForItsKeyLifetimeScopesAndAudience() throws Exception {
        SshKeyPair key = SshKeys.generateEd25519(dir, "id_ed25519");
        String token = token(Map.of(), "--identity", key.privateKey().toString(), "--ttl", "120",
                "--scope", "admin:reload", "--aud", AUDIENCE);

        TokenCheck check = verify(token, key, AUDIENCE);
        assertThat(check).as("accepted by a server with max_token_age 200s and audience " + AUDIENCE)
                .isInstanceOf(TokenCheck.Accepted.class);
        Identity identity = check.identity().orElseThrow();
        assertThat(identity.id()).as("signed by --identity").isEqualTo(key.fingerprint());
        assertThat(identity.scopes()).as("narrowed by --scope").containsExactly("admin:reload");
        assertThat(verify(token, key, "other.example")).as("another server name")
                .isEqualTo(TokenCheck.rejected(TokenRejection.AUDIENCE));
    }

    @Test
    void identityAndLifetimeFromTheEnvironment() throws Exception {
        SshKeyPair key = SshKeys.generateEd25519(dir, "env_key");
        String token = token(Map.of("ALKNET_IDENTITY", key.privateKey().toString(), "ALKNET_TOKEN_TTL", "60"));
        TokenCheck check = verify(token, key, null);
        // accepted: ALKNET_TOKEN_TTL (60 s) replaced the default 300 s, which the 200 s max_token_age refuses
        assertThat(check.identity()).map(Identity::id).contains(key.fingerprint());
    }

    /** Runs {@code alknet token ARGS} and returns its one line of output. */
    private String token(Map<String, String> env, String... args) {
        AlknetProcess.Builder builder = AlknetProcess.builder().name("token").home(dir)
                .jvmArgs(CliFixture.JVM_ARGS.toArray(String[]::new)).args("token").args(args);
        env.forEach(builder::env);
        try (AlknetProcess token = builder.start()) {
            assertThat(token.exitCode(Duration.ofSeconds(30))).as("exit code; stderr " + token.stderrLines()).isZero();
            assertThat(token.stdoutLines()).hasSize(1);
            return token.stdoutLines().get(0).strip();
        }
    }

    /** The server's verdict: the key authorized with scopes relay:connect and admin:reload, max_token_age 200 s. */
    private static TokenCheck verify(String token, SshKeyPair key, String audience) throws Exception {
        TokenSettings settings = TokenSettings.ENABLED.withMaxTokenAge(Duration.ofSeconds(200)).withAudience(audience);
        AuthConfig config = AuthConfig.builder()
                .authorizedKeys(AuthorizedKeys.parse("test", List.of(key.publicKeyLine())))
                .identity(PrivateKeyFiles.load(key.privateKey()).getPublic(), List.of("relay:connect", "admin:reload"), Map.of())
                .tokens(settings).build();
        return new TokenVerifier(Clock.systemUTC()).verify(token, config);
    }
}
