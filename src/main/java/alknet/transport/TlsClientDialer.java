package alknet.transport;

import alknet.api.ProxyUrl;
import io.vertx.core.net.ConnectOptions;
import io.vertx.core.net.SocketAddress;
import alknet.stream.TransportKind;
import alknet.stream.DuplexConnection;
import alknet.stream.StreamDialer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.PemTrustOptions;

import java.net.InetSocketAddress;
import java.nio.file.Path;

/**
 * The client side of the TLS transport (10-tunnel.md section 1): verifies the server certificate against the
 * system trust store or {@code --tls-ca}, checks the host name, sends SNI (the server name, or
 * {@code --tls-server-name}); {@code --insecure} skips verification. SSH host-key checking still applies on top.
 * With a proxy, the TCP connection under TLS goes through it.
 */
public final class TlsClientDialer implements StreamDialer {
    static final int CONNECT_TIMEOUT_MS = 10_000;

    private final NetClient client;
    private final String serverName;

    public TlsClientDialer(Vertx vertx, String serverName, Path ca, boolean insecure, ProxyUrl proxy) {
        NetClientOptions options = TlsEngine.apply(new NetClientOptions()).setSsl(true).setTcpNoDelay(true).setConnectTimeout(CONNECT_TIMEOUT_MS);
        ProxyUrl.applyTo(options, proxy);
        if (insecure) {
            options.setTrustAll(true).setHostnameVerificationAlgorithm("");
        } else {
            options.setHostnameVerificationAlgorithm("HTTPS");
            if (ca != null) {
                options.setTrustOptions(new PemTrustOptions().addCertPath(ca.toString()));
            }
        }
        this.client = vertx.createNetClient(options);
        this.serverName = serverName;
    }

    /**
     * Connects to {@code target} and verifies the certificate against the name sent as SNI ({@code --tls-server-name},
     * else the host): Vert.x checks the host name of the connect options' host, so that host is the server name while
     * the remote address stays the target.
     */
    @Override
    public Future<DuplexConnection> dial(InetSocketAddress target) {
        String name = serverName != null ? serverName : target.getHostString();
        ConnectOptions connect = new ConnectOptions().setSsl(true)
                .setRemoteAddress(SocketAddress.inetSocketAddress(target.getPort(), target.getHostString()))
                .setHost(name).setPort(target.getPort()).setSniServerName(name);
        return client.connect(connect).map(socket -> new NetSocketConnection(socket, TransportKind.TLS));
    }
}
