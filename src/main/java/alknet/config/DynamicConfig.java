package alknet.config;

import alknet.auth.AuthorizedKeys;
import alknet.policy.ForwardingPolicy;

/**
 * Settings that can change without a restart (20-auth-config.md section 5): auth, forwarding policy, limits.
 * Immutable; a reload builds a new one and swaps it in {@link DynamicConfigHolder}.
 */
public record DynamicConfig(AuthorizedKeys authorizedKeys, ForwardingPolicy forwarding, Limits limits) {
}
