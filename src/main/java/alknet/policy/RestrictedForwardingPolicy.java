package alknet.policy;

import alknet.auth.ForwardingRestrictions;
import alknet.auth.Identity;
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
    public boolean canConnect(Identity identity, TransportKind transport, String host, int port) {
        return opens(host, port) && base.canConnect(identity, transport, host, port);
    }

    @Override
    public boolean canListen(Identity identity, String bindHost, int port) {
        return restrictions.permitsListen(bindHost, port) && base.canListen(identity, bindHost, port);
    }

    @Override
    public boolean allowsAllDestinations() {
        return false;
    }

    /** A name the key may not open at all is refused without a lookup. */
    @Override
    public boolean needsResolution(String host) {
        boolean mayOpen = ReservedDestinations.isReserved(host) || restrictions.permitsOpenToHost(host);
        return mayOpen && base.needsResolution(host);
    }

    @Override
    public ConnectDecision decide(Identity identity, TransportKind transport, String host, int port,
                                  List<InetAddress> resolved) {
        return opens(host, port) ? base.decide(identity, transport, host, port, resolved) : ConnectDecision.deny();
    }

    private boolean opens(String host, int port) {
        return ReservedDestinations.isReserved(host) || restrictions.permitsOpen(host, port);
    }

    @Override
    public String toString() {
        return base + " narrowed by " + restrictions;
    }
}
