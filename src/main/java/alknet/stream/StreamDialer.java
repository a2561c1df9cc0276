package alknet.stream;

import io.vertx.core.Future;

import java.net.InetSocketAddress;

/**
 * Produces the stream a connection runs over: plain TCP, TLS, WebSocket, through a proxy, or a relay later.
 * The SSH client dials its server with one; the outbound layer dials tunnel targets with another.
 */
@FunctionalInterface
public interface StreamDialer {
    Future<DuplexConnection> dial(InetSocketAddress target);
}
