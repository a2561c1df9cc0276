package alknet.api.impl;

import alknet.api.Limits;
import alknet.api.ServeOptions;
import alknet.auth.AuthConfigReader;
import alknet.policy.PolicyBuilder;
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

    public DynamicConfig withLimits(Limits next) {
        return new DynamicConfig(auth, forwarding, next);
    }

    /**
     * The hot-reloadable part of {@code options}, built and checked: key files read, policy parsed. Blocking (reads
     * files); throws {@link IllegalArgumentException} naming the file and line or the rule at fault.
     */
    public static DynamicConfig of(ServeOptions options) {
        return new DynamicConfig(AuthConfigReader.read(options.auth(), options.authorizedKeys()),
                PolicyBuilder.from(options.forwarding()), options.limits());
    }
}
