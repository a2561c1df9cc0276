package alknet.auth;

import java.util.List;

/**
 * What an authorized_keys line (and a certificate's extensions) leave of port forwarding for a session
 * (sshd(8) AUTHORIZED_KEYS FILE FORMAT): whether forwarding is allowed at all ({@code no-port-forwarding},
 * {@code restrict}, a certificate without {@code permit-port-forwarding}), and the {@code permitopen} and
 * {@code permitlisten} lists (empty = not limited by the key). It only narrows: the forwarding policy still decides
 * everything these allow. Reserved {@code alknet-*} destinations are not port forwards and are not judged here.
 */
public record ForwardingRestrictions(boolean portForwarding, List<ForwardPermission> permitOpen,
                                     List<ForwardPermission> permitListen) {
    /** A key line without forwarding options. */
    public static final ForwardingRestrictions NONE = new ForwardingRestrictions(true, List.of(), List.of());
    /** No port forwarding at all ({@code no-port-forwarding}, {@code restrict}). */
    public static final ForwardingRestrictions NO_FORWARDING = new ForwardingRestrictions(false, List.of(), List.of());

    public ForwardingRestrictions {
        permitOpen = List.copyOf(permitOpen);
        permitListen = List.copyOf(permitListen);
    }

    /** A {@code direct-tcpip} open to {@code host:port} (host as the client sent it). */
    public boolean permitsOpen(String host, int port) {
        return portForwarding && (permitOpen.isEmpty() || permitOpen.stream().anyMatch(p -> p.permitsOpen(host, port)));
    }

    /** Whether some port of {@code host} could be opened: when not, the server need not resolve the name. */
    public boolean permitsOpenToHost(String host) {
        return portForwarding && (permitOpen.isEmpty()
                || permitOpen.stream().anyMatch(p -> p.permitsOpenHost(host)));
    }

    /** A {@code tcpip-forward} bind on {@code host:port} (host as the client sent it; port 0 = any free port). */
    public boolean permitsListen(String host, int port) {
        return portForwarding
                && (permitListen.isEmpty() || permitListen.stream().anyMatch(p -> p.permitsListen(host, port)));
    }

    public boolean isUnrestricted() {
        return equals(NONE);
    }

    /** The same with forwarding off: a certificate without {@code permit-port-forwarding} (flags are AND-ed). */
    public ForwardingRestrictions withoutPortForwarding() {
        return new ForwardingRestrictions(false, permitOpen, permitListen);
    }

    @Override
    public String toString() {
        if (!portForwarding) {
            return "no-port-forwarding";
        }
        return "permitopen=" + (permitOpen.isEmpty() ? "any" : permitOpen)
                + " permitlisten=" + (permitListen.isEmpty() ? "any" : permitListen);
    }
}
