package alknet.config;

import alknet.api.Limits;
import alknet.auth.AuthorizedKeys;
import alknet.policy.ForwardingPolicy;

import java.util.function.Function;

/**
 * Everything a {@link DynamicConfig} is built from, loaded and checked: the authorized keys (with the
 * {@code cert_authorities} files' keys as CAs), the limits, and the file's raw {@code [auth]} and
 * {@code [forwarding]} tables (identities, token settings, rules) for the identity provider and policy engine.
 * {@code file} locates raw values for conversion errors ({@link AlknetConfigFile#where}).
 */
public record DynamicConfigInputs(AuthorizedKeys authorizedKeys, Limits limits, TomlConfig.AuthTable auth,
                                  TomlConfig.ForwardingTable forwarding, AlknetConfigFile file) {
    /** A complete DynamicConfig; {@code policy} converts the raw rules (it may throw ConfigException). */
    public DynamicConfig toDynamicConfig(Function<TomlConfig.ForwardingTable, ForwardingPolicy> policy) {
        return new DynamicConfig(alknet.auth.AuthConfig.of(authorizedKeys), policy.apply(forwarding), limits);
    }
}
