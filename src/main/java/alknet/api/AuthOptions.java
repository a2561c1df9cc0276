package alknet.api;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Who may log in and with which rights (20-auth-config.md sections 1-3; TOML {@code [auth]}), as written: the
 * files are read when the server starts and on every reload. Immutable; each {@code with} method returns a copy.
 *
 * @param authorizedKeys    the authorized_keys file; null = {@code DATA_DIR/authorized_keys}, which may be absent
 * @param certAuthorities   files of user-certificate CA public keys (their certificates get the default scopes)
 * @param certAuthorityKeys CA public key lines with their own scopes and resources
 * @param identities        per-key scopes and resources ({@code [[auth.identities]]}); a key must also be authorized
 * @param defaultScopes     scopes of a key without an identity entry
 * @param tokens            signed tokens for non-SSH carriers
 */
public record AuthOptions(Path authorizedKeys, List<Path> certAuthorities, List<KeyRights> certAuthorityKeys,
                          List<KeyRights> identities, List<String> defaultScopes, Tokens tokens) {
    public static final List<String> DEFAULT_SCOPES = List.of("relay:connect");
    public static final AuthOptions DEFAULT = new AuthOptions(null, List.of(), List.of(), List.of(), DEFAULT_SCOPES,
            Tokens.DISABLED);

    /** A public key line ({@code ssh-ed25519 AAAA... comment}) with the scopes and resources it grants. */
    public record KeyRights(String publicKey, List<String> scopes, Map<String, List<String>> resources) {
        public KeyRights {
            Objects.requireNonNull(publicKey, "publicKey");
            scopes = List.copyOf(scopes);
            resources = Map.copyOf(resources);
        }
    }

    /**
     * Token settings (section 3): off by default; {@code maxAge} bounds {@code exp - iat}; {@code keys} is an
     * authorized_keys-format file of a separate signing key set (null = the authorized keys).
     */
    public record Tokens(boolean enabled, Duration maxAge, Path keys) {
        public static final Duration DEFAULT_MAX_AGE = Duration.ofSeconds(300);
        public static final Tokens DISABLED = new Tokens(false, DEFAULT_MAX_AGE, null);
        public static final Tokens ENABLED = new Tokens(true, DEFAULT_MAX_AGE, null);

        public Tokens {
            Objects.requireNonNull(maxAge, "maxAge");
            if (maxAge.isNegative() || maxAge.isZero()) {
                throw new IllegalArgumentException("max token age must be positive, got " + maxAge);
            }
        }
    }

    public AuthOptions {
        certAuthorities = List.copyOf(certAuthorities);
        certAuthorityKeys = List.copyOf(certAuthorityKeys);
        identities = List.copyOf(identities);
        defaultScopes = List.copyOf(defaultScopes);
        Objects.requireNonNull(tokens, "tokens");
    }

    public AuthOptions withAuthorizedKeys(Path file) {
        return new AuthOptions(file, certAuthorities, certAuthorityKeys, identities, defaultScopes, tokens);
    }

    public AuthOptions withCertAuthorities(List<Path> files) {
        return new AuthOptions(authorizedKeys, files, certAuthorityKeys, identities, defaultScopes, tokens);
    }

    public AuthOptions withCertAuthority(String publicKey, List<String> scopes, Map<String, List<String>> resources) {
        List<KeyRights> more = new ArrayList<>(certAuthorityKeys);
        more.add(new KeyRights(publicKey, scopes, resources));
        return new AuthOptions(authorizedKeys, certAuthorities, more, identities, defaultScopes, tokens);
    }

    public AuthOptions withIdentity(String publicKey, List<String> scopes, Map<String, List<String>> resources) {
        List<KeyRights> more = new ArrayList<>(identities);
        more.add(new KeyRights(publicKey, scopes, resources));
        return new AuthOptions(authorizedKeys, certAuthorities, certAuthorityKeys, more, defaultScopes, tokens);
    }

    public AuthOptions withDefaultScopes(List<String> scopes) {
        return new AuthOptions(authorizedKeys, certAuthorities, certAuthorityKeys, identities, scopes, tokens);
    }

    public AuthOptions withTokens(Tokens next) {
        return new AuthOptions(authorizedKeys, certAuthorities, certAuthorityKeys, identities, defaultScopes, next);
    }
}
