package alknet.auth;

import alknet.api.AuthOptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the server's {@link AuthConfig} from {@link AuthOptions} (20-auth-config.md sections 1-3): reads the
 * authorized keys file (an explicitly named one must exist; the default may be absent, then no plain key logs in) and
 * every CA file (its keys become {@code cert-authority} lines), and checks identity and CA keys. Every file is read
 * completely before anything is returned; errors name the file and line. Blocking: call it off the event loop.
 */
public final class AuthConfigReader {
    private AuthConfigReader() {}

    /** @param defaultAuthorizedKeys the file read when the options name none ({@code DATA_DIR/authorized_keys}) */
    public static AuthConfig read(AuthOptions options, Path defaultAuthorizedKeys) {
        boolean explicit = options.authorizedKeys() != null;
        Path file = explicit ? options.authorizedKeys() : defaultAuthorizedKeys;
        List<String> lines = new ArrayList<>(explicit || Files.exists(file) ? readLines(file, "--authorized-keys") : List.of());
        for (Path ca : options.certAuthorities()) {
            List<String> caLines = readLines(ca, "--cert-authority").stream().map(AuthorizedKeys::asCertAuthorityLine).toList();
            AuthorizedKeys.parse(ca.toString(), caLines); // reports errors with the CA file's own line numbers
            lines.addAll(caLines);
        }
        AuthConfig.Builder auth = AuthConfig.builder()
                .authorizedKeys(lines.isEmpty() ? AuthorizedKeys.EMPTY : AuthorizedKeys.parse(file.toString(), lines))
                .defaultScopes(options.defaultScopes())
                .tokens(tokens(options.tokens()));
        for (AuthOptions.KeyRights ca : options.certAuthorityKeys()) {
            auth.certAuthority(plainKey(ca.publicKey(), "certificate authority"), ca.scopes(), ca.resources());
        }
        for (AuthOptions.KeyRights identity : options.identities()) {
            auth.identity(plainKey(identity.publicKey(), "identity"), identity.scopes(), identity.resources());
        }
        return auth.build();
    }

    private static TokenSettings tokens(AuthOptions.Tokens tokens) {
        TokenSettings settings = (tokens.enabled() ? TokenSettings.ENABLED : TokenSettings.DISABLED)
                .withMaxTokenAge(tokens.maxAge());
        if (tokens.keys() != null) {
            settings = settings.withKeys(List.copyOf(AuthorizedKeys.read(tokens.keys()).tokenSigningKeys()));
        }
        return settings;
    }

    /**
     * One plain OpenSSH public key line without options (options belong on the authorized_keys line, where they
     * restrict the login); {@code what} names it in the error.
     */
    public static PublicKey plainKey(String line, String what) {
        AuthorizedKeys parsed;
        try {
            parsed = AuthorizedKeys.parse("key", List.of(line));
        } catch (KeyFileException e) {
            throw new KeyFileException(what + " key: " + e.getMessage().replaceFirst("^key:1: ", ""));
        }
        PublicKey key = parsed.size() == 1 ? parsed.keys().iterator().next() : null;
        if (key == null || !parsed.lines(key).get(0).options().equals(KeyOptions.NONE)) {
            throw new KeyFileException(what + " key: expected one plain public key without options, e.g."
                    + " \"ssh-ed25519 AAAA... ops@example\"");
        }
        return key;
    }

    private static List<String> readLines(Path file, String flag) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new KeyFileException("cannot read " + file + ": " + KeyFileReasons.of(e) + " (check the path given to "
                    + flag + " or in the TOML file)", e);
        }
    }
}
