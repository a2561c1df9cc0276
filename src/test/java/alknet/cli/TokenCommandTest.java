package alknet.cli;

import alknet.auth.AuthConfig;
import alknet.auth.AuthorizedKeys;
import alknet.api.Identity;
import alknet.auth.TokenCheck;
import alknet.auth.TokenSettings;
import alknet.auth.TokenVerifier;
import alknet.testsupport.SshKeyPair;
import alknet.testsupport.SshKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code alknet token} (20-auth-config.md section 3): prints a token the server accepts for that key. */
class TokenCommandTest {
    @TempDir
    Path dir;

    @Test
    void printsATokenForTheIdentityKey() {
        SshKeyPair key = SshKeys.generateEd25519(dir, "id_ed25519");
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new TokenCommand());
        cli.setOut(new PrintWriter(out));

        int exit = cli.execute("--identity", key.privateKey().toString(), "--ttl", "120", "--scope", "relay:connect");

        assertThat(exit).isZero();
        AuthConfig config = AuthConfig.builder()
                .authorizedKeys(AuthorizedKeys.parse("test", List.of(key.publicKeyLine())))
                .tokens(TokenSettings.ENABLED).build();
        TokenCheck check = new TokenVerifier(Clock.systemUTC()).verify(out.toString().trim(), config);
        assertThat(check.identity()).map(Identity::id).contains(key.fingerprint());
    }

    @Test
    void nonPositiveTtlIsAUsageError() {
        SshKeyPair key = SshKeys.generateEd25519(dir, "id_ed25519");
        CommandLine cli = new CommandLine(new TokenCommand());
        cli.setErr(new PrintWriter(new StringWriter()));
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> e instanceof IllegalArgumentException ? ExitCodes.USAGE : ExitCodes.FAILURE);
        assertThat(cli.execute("--identity", key.privateKey().toString(), "--ttl", "0")).isEqualTo(ExitCodes.USAGE);
    }
}
