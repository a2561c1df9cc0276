package alknet.transport;

import alknet.api.ProxyUrl;
import alknet.stream.DuplexConnection;
import alknet.stream.StreamDialer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.net.PemTrustOptions;

import java.net.InetSocketAddress;
import java.nio.file.Path;

/** The client side of the WebSocket transport: one WebSocket per SSH session, over TLS when asked, through a proxy when given. */
public final class WebSocketClientDialer implements StreamDialer {
    private final WebSocketClient client;
    private final String path;
    private final boolean tls;

    public WebSocketClientDialer(Vertx vertx, String path, boolean tls, Path ca, boolean insecure, ProxyUrl proxy) {
        WebSocketClientOptions options = new WebSocketClientOptions().setTcpNoDelay(true)
                .setConnectTimeout(TlsClientDialer.CONNECT_TIMEOUT_MS)
                .setMaxFrameSize(WebSocketAcceptorVerticle.MAX_FRAME_BYTES).setMaxMessageSize(WebSocketAcceptorVerticle.MAX_FRAME_BYTES);
        ProxyUrl.applyTo(options, proxy); // HTTP proxies are used with CONNECT, also for ws://
        if (tls) {
            TlsEngine.apply(options).setSsl(true);
            if (insecure) {
                options.setTrustAll(true).setVerifyHost(false);
            } else if (ca != null) {
                options.setTrustOptions(new PemTrustOptions().addCertPath(ca.toString()));
            }
        }
        this.client = vertx.createWebSocketClient(options);
        this.path = path == null ? WebSocketAcceptorVerticle.DEFAULT_PATH : path;
        this.tls = tls;
    }

    @Override
    public Future<DuplexConnection> dial(InetSocketAddress target) {
        WebSocketConnectOptions connect = new WebSocketConnectOptions().setHost(target.getHostString())
                .setPort(target.getPort()).setURI(path).setSsl(tls);
        return client.connect(connect).map(ws -> (DuplexConnection) new WebSocketConnection(ws));
    }
}
