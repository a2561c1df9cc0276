package alknet.testsupport;

import java.net.InetSocketAddress;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every tunnel destination (SOCKS5 target, -L target, -R local target, direct-tcpip target) that a
 * test used during this run. Call {@link #record} for each one; at the end of every test class and of
 * the whole run, {@link DestinationFreeLogs} checks that no log line LogCollector gathered names any
 * of them (10-tunnel.md section 4, acceptance 7).
 */
public final class TunnelDestinations {
    /** One destination as the test asked for it (a domain name, an IPv4 literal or a bare IPv6 literal). */
    public record Destination(String host, int port) {
        public Destination {
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
        }
    }

    private static final Set<Destination> ALL = ConcurrentHashMap.newKeySet();

    private TunnelDestinations() {}

    /** Registers {@code host:port} as a tunnel destination used by the calling test. */
    public static void record(String host, int port) {
        ALL.add(new Destination(host, port));
    }

    /** Registers the host string (not re-resolved) and port of {@code address}. */
    public static void record(InetSocketAddress address) {
        record(address.getHostString(), address.getPort());
    }

    /** Every destination recorded so far, in a stable order. */
    public static List<Destination> all() {
        return ALL.stream().sorted(Comparator.comparing(Destination::host).thenComparingInt(Destination::port))
                .toList();
    }
}
