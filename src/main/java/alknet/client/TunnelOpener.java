package alknet.client;

import io.vertx.core.Future;

/**
 * Opens tunnels through the current SSH session. The target host is passed unresolved (socks5h behaviour):
 * the server resolves it and checks its forwarding policy. Fails with {@link TunnelOpenException}.
 */
@FunctionalInterface
public interface TunnelOpener {
    Future<TunnelStream> open(String host, int port);
}
