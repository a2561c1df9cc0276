package alknet.cli;

import alknet.auth.PrivateKeyFiles;
import alknet.auth.TokenIssuer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code alknet token} (20-auth-config.md section 3): prints a token signed by an SSH key, for the HTTP API. */
@Command(name = "token", mixinStandardHelpOptions = true, versionProvider = Version.class, sortOptions = false,
        description = {"Print a token signed by your SSH key, for the admin API and WebSocket raw framing.",
                "A JWT (EdDSA, kid = the key's SHA256 fingerprint). The server accepts it when the key is",
                "authorized (or in [auth.token] keys) and the lifetime is within its max_token_age (default 300 s).",
                "Treat the output as a password until it expires; it is never an SSH login."})
public final class TokenCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--identity", paramLabel = "FILE", defaultValue = "${env:ALKNET_IDENTITY}",
            description = "Ed25519 private key, OpenSSH format (env ALKNET_IDENTITY; default ~/.alknet/id_ed25519, then ~/.ssh/id_ed25519).")
    Path identity;

    @Option(names = "--identity-passphrase-file", paramLabel = "FILE", defaultValue = "${env:ALKNET_IDENTITY_PASSPHRASE_FILE}",
            description = IdentityFiles.PASSPHRASE_FILE_HELP)
    Path identityPassphraseFile;

    @Option(names = "--ttl", paramLabel = "SECONDS", defaultValue = "${env:ALKNET_TOKEN_TTL:-300}",
            description = "Lifetime in seconds (default: ${DEFAULT-VALUE}); the server refuses more than its max_token_age.")
    long ttl;

    @Option(names = "--scope", paramLabel = "LIST",
            description = "Narrow the token to these scopes (comma- or space-separated, e.g. admin:reload); default: all of the key's scopes.")
    String scope;

    @Option(names = "--aud", paramLabel = "NAME",
            description = "Audience: the server name the token is for (default: none, any server).")
    String audience;

    @Override
    public Integer call() {
        if (ttl <= 0) {
            throw new IllegalArgumentException("--ttl must be a positive number of seconds, was " + ttl);
        }
        TokenIssuer issuer = new TokenIssuer(PrivateKeyFiles.load(IdentityFiles.resolve(identity),
                IdentityFiles.passphrase(identityPassphraseFile)), Clock.systemUTC());
        spec.commandLine().getOut().println(issuer.issue(Duration.ofSeconds(ttl), scopes(), audience));
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }

    private List<String> scopes() {
        if (scope == null) {
            return null;
        }
        return Arrays.stream(scope.split("[,\\s]+")).filter(s -> !s.isEmpty()).toList();
    }
}
