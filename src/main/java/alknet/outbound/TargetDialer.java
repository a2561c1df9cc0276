package alknet.outbound;

import alknet.policy.TargetHost;
import alknet.stream.DuplexConnection;
import alknet.stream.TransportKind;
import alknet.transport.NetSocketConnection;
import alknet.api.ProxyUrl;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.SocketAddress;

import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * Connects to a checked target (10-tunnel.md section 3): directly to exactly the address the policy approved, or
 * through the outbound proxy ({@code serve --proxy}) with a name unresolved (SOCKS5 ATYP domain, {@code CONNECT
 * host:port}). The socket reports the target's FIN, so half-close reaches the tunnel. Call it on the tunnel's
 * event loop: the socket then lives there too.
 */
final class TargetDialer {
    static final int CONNECT_TIMEOUT_MS = 10_000;

    private final NetClient client;
    private final boolean viaProxy;

    TargetDialer(Vertx vertx, ProxyUrl proxy) {
        this.viaProxy = proxy != null;
        this.client = vertx.createNetClient(ProxyUrl.applyTo(
                new NetClientOptions().setTcpNoDelay(true).setConnectTimeout(CONNECT_TIMEOUT_MS), proxy));
    }

    /** Whether names go to a proxy unresolved (then the server resolves nothing). */
    boolean viaProxy() {
        return viaProxy;
    }

    Future<DuplexConnection> dial(InetAddress checked, int port) {
        SocketAddress target = viaProxy
                ? SocketAddress.inetSocketAddress(port, checked.getHostAddress())
                : SocketAddress.inetSocketAddress(new InetSocketAddress(checked, port));
        return connect(target);
    }

    /** Through the proxy only: the proxy resolves the name. */
    Future<DuplexConnection> dialByName(TargetHost.Name name, int port) {
        if (!viaProxy) {
            return Future.failedFuture(new IllegalStateException("a name is dialled only through the outbound proxy"));
        }
        return connect(SocketAddress.inetSocketAddress(port, name.name()));
    }

    private Future<DuplexConnection> connect(SocketAddress target) {
        return client.connect(target)
                .map(socket -> NetSocketConnection.trackingHalfClose(socket, TransportKind.TCP));
    }

    Future<Void> close() {
        return client.close();
    }
}
