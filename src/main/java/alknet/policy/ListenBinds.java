package alknet.policy;

import java.net.InetAddress;
import java.util.List;
import java.util.Locale;

/**
 * What a {@code tcpip-forward} bind address means for listen rules (10-tunnel.md section 3). The wildcard forms
 * ({@code ""}, {@code *}, {@code 0.0.0.0}, {@code ::}) all expose the port on every interface, so each matches a
 * rule written with any of them ({@code 0.0.0.0}, {@code [::]}, {@code 0.0.0.0/0}, {@code *}); {@code localhost} is
 * loopback. The built-in listen rule allows loopback binds on port 0 or a port >= 1024.
 */
final class ListenBinds {
    static final int LOWEST_UNPRIVILEGED_PORT = 1024;
    private static final List<InetAddress> WILDCARD_ADDRESSES = List.of(literal("0.0.0.0"), literal("::"));
    private static final List<InetAddress> LOCALHOST_ADDRESSES = List.of(literal("127.0.0.1"), literal("::1"));

    private ListenBinds() {}

    /** The host to match: the wildcard forms become {@code ""} so a v4 rule and a v6 rule both see them. */
    static String hostForMatching(String bindHost) {
        return isWildcard(bindHost) ? "" : bindHost;
    }

    /** Addresses an IP or CIDR listen rule checks for a bind host that is not a literal. */
    static List<InetAddress> addressesFor(String bindHost) {
        if (isWildcard(bindHost)) {
            return WILDCARD_ADDRESSES;
        }
        return isLocalhostName(bindHost) ? LOCALHOST_ADDRESSES : List.of();
    }

    static boolean isWildcard(String bindHost) {
        if (bindHost == null || bindHost.isEmpty() || bindHost.equals("*")) {
            return true;
        }
        InetAddress a = TargetHostParser.literal(bindHost);
        return a != null && a.isAnyLocalAddress();
    }

    /** The built-in listen rule: loopback bind (127.0.0.0/8, ::1, localhost) and port 0 or >= 1024. */
    static boolean defaultAllows(String bindHost, int port) {
        return (port == 0 || port >= LOWEST_UNPRIVILEGED_PORT) && isLoopback(bindHost);
    }

    static boolean isLoopback(String bindHost) {
        if (bindHost == null) {
            return false;
        }
        if (isLocalhostName(bindHost)) {
            return true;
        }
        InetAddress a = TargetHostParser.literal(bindHost);
        return a != null && a.isLoopbackAddress();
    }

    private static boolean isLocalhostName(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("localhost") || h.equals("localhost.");
    }

    private static InetAddress literal(String text) {
        InetAddress a = TargetHostParser.literal(text);
        if (a == null) {
            throw new IllegalStateException(text);
        }
        return a;
    }
}
