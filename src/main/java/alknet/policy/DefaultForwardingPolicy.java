package alknet.policy;

import alknet.auth.Identity;
import alknet.transport.TransportKind;

import java.util.Locale;

/** The default when nothing is configured (20-auth-config.md section 4; 10-tunnel.md section 3 listen rule). */
final class DefaultForwardingPolicy implements ForwardingPolicy {
    static final int LOWEST_UNPRIVILEGED_PORT = 1024;

    @Override
    public boolean canConnect(Identity identity, TransportKind transport, String host, int port) {
        // alknet-* names are reserved destinations (alknet-control comes with the call protocol); never TCP.
        return !ReservedDestinations.isReserved(host);
    }

    @Override
    public boolean canListen(Identity identity, String bindHost, int port) {
        boolean portOk = port == 0 || port >= LOWEST_UNPRIVILEGED_PORT;
        return portOk && isLoopback(bindHost);
    }

    @Override
    public boolean allowsAllDestinations() {
        return true;
    }

    static boolean isLoopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("localhost") || h.startsWith("127.") || h.equals("::1") || h.equals("[::1]")
                || h.equals("0:0:0:0:0:0:0:1");
    }
}
