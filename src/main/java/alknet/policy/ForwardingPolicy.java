package alknet.policy;

import alknet.auth.Identity;
import alknet.stream.TransportKind;

import java.net.InetAddress;
import java.util.List;

/**
 * Decides which tunnel targets and remote-forward binds an identity may use (20-auth-config.md section 4).
 * {@link RuleBasedForwardingPolicy} is the configured implementation; {@link #DEFAULT} the built-in one.
 * <p>
 * The {@code direct-tcpip} channel asks {@link #needsResolution}; when true it resolves the name once, off the
 * event loop, and passes the addresses to {@link #decide}, then connects only to an address the decision returns.
 */
public interface ForwardingPolicy {
    /** Built-in default: ordinary targets allowed, {@code alknet-*} reserved names refused except
     *  {@code alknet-control}, binds on loopback ports 0 or >= 1024. */
    ForwardingPolicy DEFAULT = RuleBasedForwardingPolicy.builtIn();

    boolean canConnect(Identity identity, TransportKind transport, String host, int port);

    boolean canListen(Identity identity, String bindHost, int port);

    /** True when every ordinary destination is allowed (the server warns at startup). */
    default boolean allowsAllDestinations() {
        return false;
    }

    /** True when {@code host} is a name that some rule can only judge by its addresses (an IP or CIDR rule). */
    default boolean needsResolution(String host) {
        return false;
    }

    /**
     * Decides a target given the addresses the server resolved for it (empty when not resolved). When allowed,
     * connect to one of {@link ConnectDecision#addresses()}, or by name when that list is empty.
     */
    default ConnectDecision decide(Identity identity, TransportKind transport, String host, int port,
                                   List<InetAddress> resolved) {
        return canConnect(identity, transport, host, port) ? ConnectDecision.allow(resolved) : ConnectDecision.deny();
    }
}
