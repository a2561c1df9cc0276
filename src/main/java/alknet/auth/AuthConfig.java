package alknet.auth;

import alknet.api.Identity;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code [auth]} part of the dynamic configuration (20-auth-config.md sections 1-3, 5): who may log in,
 * which CAs certify users, per-key scopes, default scopes and token settings. Immutable; a reload builds a new one.
 */
public final class AuthConfig {
    public static final AuthConfig EMPTY = builder().build();

    private final AuthorizedKeys authorizedKeys;
    private final List<CertAuthority> certAuthorities;
    private final Map<String, KeyIdentityEntry> identities;
    private final List<String> defaultScopes;
    private final TokenSettings tokens;
    private final TokenKeys tokenKeys;

    private AuthConfig(Builder b) {
        this.authorizedKeys = b.authorizedKeys;
        Map<String, CertAuthority> explicit = new LinkedHashMap<>();
        b.certAuthorities.forEach(ca -> explicit.putIfAbsent(ca.fingerprint(), ca));
        // Every cert-authority line, in file order with its options (tried like plain key lines); its scopes come from
        // an explicit CA entry for the same key, else the defaults. Explicit CAs follow, without options.
        List<CertAuthority> cas = new ArrayList<>();
        for (AuthorizedKey line : authorizedKeys.certAuthorityLines()) {
            CertAuthority scoped = explicit.get(line.fingerprint());
            cas.add(new CertAuthority(line.key(), line.fingerprint(), scoped == null ? b.defaultScopes : scoped.scopes(),
                    scoped == null ? Map.of() : scoped.resources(), line.options()));
        }
        cas.addAll(explicit.values());
        this.certAuthorities = List.copyOf(cas);
        this.identities = Map.copyOf(b.identities);
        this.defaultScopes = List.copyOf(b.defaultScopes);
        this.tokens = b.tokens;
        this.tokenKeys = new TokenKeys(tokens.keys().orElseGet(() -> List.copyOf(authorizedKeys.tokenSigningKeys())));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Authorized keys (and their cert-authority lines as CAs) with default scopes; tokens off. */
    public static AuthConfig of(AuthorizedKeys keys) {
        return builder().authorizedKeys(keys).build();
    }

    public AuthorizedKeys authorizedKeys() {
        return authorizedKeys;
    }

    public List<CertAuthority> certAuthorities() {
        return certAuthorities;
    }

    public Map<String, KeyIdentityEntry> identities() {
        return identities;
    }

    public List<String> defaultScopes() {
        return defaultScopes;
    }

    public TokenSettings tokens() {
        return tokens;
    }

    TokenKeys tokenKeys() {
        return tokenKeys;
    }

    /**
     * The identity of a plain-key login: present only when the key is an authorized key (a CA key is not,
     * unless it is also listed as a plain key). An {@code [[auth.identities]]} entry alone does not authorize.
     */
    public Optional<Identity> keyIdentity(String fingerprint) {
        return authorizedKeys.byFingerprint(fingerprint).map(k -> identityOf(fingerprint));
    }

    /**
     * A plain-key login at {@code now} from {@code clientIp} (null when the transport has no address): the key's
     * lines are tried in file order, as sshd does, and the first whose {@code from=}, {@code expiry-time=} and
     * {@code command=} allow the login decides the forwarding restrictions; else the first line's refusal reason.
     */
    public KeyLoginCheck checkKey(PublicKey key, String clientIp, Instant now) {
        List<AuthorizedKey> lines = authorizedKeys.lines(key);
        String refusal = KeyLoginCheck.UNKNOWN_KEY;
        for (int i = 0; i < lines.size(); i++) {
            String reason = lines.get(i).options().loginRefusal(clientIp, now);
            if (reason == null) {
                return new KeyLoginCheck.Accepted(identityOf(lines.get(i).fingerprint()), lines.get(i).options().forwarding());
            }
            refusal = i == 0 ? reason : refusal;
        }
        return new KeyLoginCheck.Rejected(refusal);
    }

    /** Scopes and resources of a key known to be allowed: its identity entry, else the default scopes. */
    Identity identityOf(String fingerprint) {
        KeyIdentityEntry entry = identities.get(fingerprint);
        return entry == null
                ? new Identity(fingerprint, defaultScopes, Map.of())
                : new Identity(fingerprint, entry.scopes(), entry.resources());
    }

    public static final class Builder {
        private AuthorizedKeys authorizedKeys = AuthorizedKeys.EMPTY;
        private final List<CertAuthority> certAuthorities = new ArrayList<>();
        private final Map<String, KeyIdentityEntry> identities = new LinkedHashMap<>();
        private List<String> defaultScopes = Identity.DEFAULT_SCOPES;
        private TokenSettings tokens = TokenSettings.DISABLED;

        private Builder() {}

        public Builder authorizedKeys(AuthorizedKeys keys) {
            this.authorizedKeys = Objects.requireNonNull(keys, "keys");
            return this;
        }

        /** A CA with its own scopes and resources; overrides the same key's cert-authority line defaults. */
        public Builder certAuthority(PublicKey key, List<String> scopes, Map<String, List<String>> resources) {
            certAuthorities.add(CertAuthority.of(key, scopes, resources));
            return this;
        }

        public Builder identity(PublicKey key, List<String> scopes, Map<String, List<String>> resources) {
            KeyIdentityEntry entry = KeyIdentityEntry.of(key, scopes, resources);
            if (identities.putIfAbsent(entry.fingerprint(), entry) != null) {
                throw new IllegalArgumentException("auth.identities lists key " + entry.fingerprint() + " twice");
            }
            return this;
        }

        public Builder defaultScopes(List<String> scopes) {
            this.defaultScopes = List.copyOf(scopes);
            return this;
        }

        public Builder tokens(TokenSettings settings) {
            this.tokens = Objects.requireNonNull(settings, "settings");
            return this;
        }

        public AuthConfig build() {
            return new AuthConfig(this);
        }
    }
}
