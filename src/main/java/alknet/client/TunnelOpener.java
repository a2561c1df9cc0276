package alknet.client;

import alknet.stream.DuplexConnection;
import io.vertx.core.Future;

/**
 * Opens tunnels through the current SSH session. The target host is passed unresolved (socks5h behaviour):
 * the server resolves it and checks its forwarding policy. Fails with {@link TunnelOpenException}.
 */
@FunctionalInterface
public interface TunnelOpener {
    /** A paused tunnel: a {@code direct-tcpip} channel as a duplex stream, on the SSH session's event loop. */
    Future<DuplexConnection> open(String host, int port);
}
