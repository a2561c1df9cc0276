package alknet.policy;

import alknet.auth.ForwardingRestrictions;
import alknet.api.Identity;
import alknet.stream.TransportKind;

import java.net.InetAddress;
import java.util.List;
import java.util.Objects;

/**
 * A forwarding policy narrowed by one session's authorized_keys options and certificate extensions
 * ({@link ForwardingRestrictions}): a target or bind must pass both, so the key can only take away what the
 * configured policy allows, never add to it. {@code alknet-*} destinations are not port forwards: they pass to the
 * base policy untouched, so {@code no-port-forwarding} and {@code permitopen} never block the call protocol
 * (docs/decisions.md).
 */
public final class RestrictedForwardingPolicy implements ForwardingPolicy {
    private final ForwardingPolicy base;
    private final ForwardingRestrictions restrictions;

    private RestrictedForwardingPolicy(ForwardingPolicy base, ForwardingRestrictions restrictions) {
        this.base = Objects.requireNonNull(base, "base");
        this.restrictions = Objects.requireNonNull(restrictions, "restrictions");
    }

    /** {@code base} itself when the restrictions restrict nothing. */
    public static ForwardingPolicy narrow(ForwardingPolicy base, ForwardingRestrictions restrictions) {
        return restrictions.isUnrestricted() ? base : new RestrictedForwardingPolicy(base, restrictions);
    }

    @Override
    public ConnectDecision decide(Identity identity, TransportKind transport, TargetHost host, int port,
                                  List<InetAddress> resolved) {
        return opens(host, port) ? base.decide(identity, transport, host, port, resolved) : ConnectDecision.deny();
    }

    /** A name the key may not open is refused without a lookup. */
    @Override
    public boolean needsResolution(TargetHost host) {
        boolean mayOpen = host instanceof TargetHost.Reserved || restrictions.permitsOpenToHost(text(host));
        return mayOpen && base.needsResolution(host);
    }

    @Override
    public boolean canListen(Identity identity, String bindHost, int port) {
        return restrictions.permitsListen(bindHost, port) && base.canListen(identity, bindHost, port);
    }

    @Override
    public boolean allowsAllDestinations() {
        return false;
    }

    private boolean opens(TargetHost host, int port) {
        return host instanceof TargetHost.Reserved || restrictions.permitsOpen(text(host), port);
    }

    /** The parsed host as permitopen entries are compared with it: the name, or the canonical address. */
    private static String text(TargetHost host) {
        if (host instanceof TargetHost.Address a) {
            return a.address().getHostAddress();
        }
        return host instanceof TargetHost.Name n ? n.name() : ((TargetHost.Reserved) host).name();
    }

    @Override
    public String toString() {
        return base + " narrowed by " + restrictions;
    }
}
