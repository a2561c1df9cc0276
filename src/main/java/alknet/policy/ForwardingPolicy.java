package alknet.policy;

import alknet.auth.Identity;
import alknet.transport.TransportKind;

/**
 * Decides which tunnel targets and remote-forward binds an identity may use (20-auth-config.md section 4).
 * Rules, principals and the TOML form come with the policy issue; {@link #DEFAULT} is the built-in default.
 */
public interface ForwardingPolicy {
    /** Built-in default: ordinary targets allowed, {@code alknet-*} reserved names refused, binds on loopback ports >= 1024. */
    ForwardingPolicy DEFAULT = new DefaultForwardingPolicy();

    boolean canConnect(Identity identity, TransportKind transport, String host, int port);

    boolean canListen(Identity identity, String bindHost, int port);

    /** True when every ordinary destination is allowed (the server warns at startup). */
    default boolean allowsAllDestinations() {
        return false;
    }
}
