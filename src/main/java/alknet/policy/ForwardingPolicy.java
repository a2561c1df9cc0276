package alknet.policy;

import alknet.api.Identity;
import alknet.stream.TransportKind;

import java.net.InetAddress;
import java.util.List;

/**
 * Decides which tunnel targets and remote-forward binds an identity may use (20-auth-config.md section 4).
 * {@link RuleBasedForwardingPolicy} is the configured implementation; {@link #DEFAULT} the built-in one.
 * <p>
 * The outbound layer parses a requested host once ({@link TargetHost#parse}) and asks {@link #needsResolution};
 * when true it resolves the name once, off the event loop, passes the addresses to {@link #decide}, and connects
 * only to an address the decision returns.
 */
public interface ForwardingPolicy {
    /** Built-in default: ordinary targets allowed, {@code alknet-control} allowed, binds on loopback ports 0 or >= 1024. */
    ForwardingPolicy DEFAULT = RuleBasedForwardingPolicy.builtIn();

    /**
     * Decides a target given the addresses the server resolved for it (empty for an address, a reserved name, or a
     * name that was not resolved). When allowed, connect to one of {@link ConnectDecision#addresses()}, or by name
     * when that list is empty (only through an outbound proxy, which resolves it).
     */
    ConnectDecision decide(Identity identity, TransportKind transport, TargetHost host, int port, List<InetAddress> resolved);

    /** True when {@code host} is a name that some rule can only judge by its addresses (an IP or CIDR rule). */
    boolean needsResolution(TargetHost host);

    boolean canListen(Identity identity, String bindHost, int port);

    /** True when every ordinary destination is allowed (the server warns at startup). */
    default boolean allowsAllDestinations() {
        return false;
    }

    /** A decision without resolution for a host as text (tools and tests); an unparsable host is denied. */
    default boolean canConnect(Identity identity, TransportKind transport, String host, int port) {
        TargetHost parsed;
        try {
            parsed = TargetHost.parse(host);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return decide(identity, transport, parsed, port, List.of()).allowed();
    }
}
