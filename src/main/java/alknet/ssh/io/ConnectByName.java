package alknet.ssh.io;

import java.net.InetSocketAddress;
import java.util.function.Supplier;

/**
 * Lets a {@code direct-tcpip} channel have MINA connect to a target <em>name</em> without MINA resolving it: MINA
 * turns the channel's host into an {@code InetSocketAddress}, which looks the name up. The channel hands MINA
 * {@link #PLACEHOLDER_HOST} instead and runs MINA's synchronous connect inside {@link #connect}; the connector
 * then dials the unresolved name (through the outbound proxy, which resolves it: no DNS query on the server).
 */
public final class ConnectByName {
    /** What the channel gives MINA as host; a connector never dials it without a name registered here. */
    public static final String PLACEHOLDER_HOST = "0.0.0.0";

    private static final ThreadLocal<InetSocketAddress> TARGET = new ThreadLocal<>();

    private ConnectByName() {}

    /** Runs {@code minaConnect} (which must call the connector on this thread) with {@code host:port} as the target. */
    public static <T> T connect(String host, int port, Supplier<T> minaConnect) {
        TARGET.set(InetSocketAddress.createUnresolved(host, port));
        try {
            return minaConnect.get();
        } finally {
            TARGET.remove();
        }
    }

    /** The target to dial instead of {@code minaTarget}: the registered name, else {@code minaTarget} itself. */
    static InetSocketAddress target(InetSocketAddress minaTarget) {
        InetSocketAddress named = TARGET.get();
        if (named != null) {
            TARGET.remove();
            return named;
        }
        if (!minaTarget.isUnresolved() && minaTarget.getAddress().isAnyLocalAddress()
                && PLACEHOLDER_HOST.equals(minaTarget.getHostString())) {
            throw new IllegalStateException("placeholder target without a name; refusing to dial it");
        }
        return minaTarget;
    }
}
