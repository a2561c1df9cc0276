package alknet.config;

import alknet.api.Limits;
import alknet.auth.AuthConfig;
import alknet.auth.AuthorizedKeys;
import alknet.policy.ForwardingPolicy;

/**
 * Settings that can change without a restart (20-auth-config.md section 5): auth (keys, CAs, identities,
 * tokens), forwarding policy, limits. Immutable; a reload builds a new one and swaps it in
 * {@link DynamicConfigHolder}.
 */
public record DynamicConfig(AuthConfig auth, ForwardingPolicy forwarding, Limits limits) {
    public AuthorizedKeys authorizedKeys() {
        return auth.authorizedKeys();
    }

    public DynamicConfig withAuth(AuthConfig next) {
        return new DynamicConfig(next, forwarding, limits);
    }

    public DynamicConfig withForwarding(ForwardingPolicy next) {
        return new DynamicConfig(auth, next, limits);
    }
}
