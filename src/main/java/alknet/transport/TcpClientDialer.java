package alknet.transport;

import alknet.api.ProxyUrl;
import alknet.stream.TransportKind;
import alknet.stream.DuplexConnection;
import alknet.stream.StreamDialer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;

import java.net.InetSocketAddress;

/**
 * The client side of plain TCP through a proxy (client {@code --proxy}, 10-tunnel.md section 1): the SSH
 * connection itself goes through the SOCKS5 or HTTP CONNECT proxy. Without a proxy the adapter's own client dials.
 */
public final class TcpClientDialer implements StreamDialer {
    private final NetClient client;

    public TcpClientDialer(Vertx vertx, ProxyUrl proxy) {
        this.client = vertx.createNetClient(new NetClientOptions().setTcpNoDelay(true)
                .setConnectTimeout(TlsClientDialer.CONNECT_TIMEOUT_MS).setProxyOptions(proxy.toProxyOptions()));
    }

    @Override
    public Future<DuplexConnection> dial(InetSocketAddress target) {
        return client.connect(target.getPort(), target.getHostString())
                .map(socket -> new NetSocketConnection(socket, TransportKind.TCP));
    }
}
