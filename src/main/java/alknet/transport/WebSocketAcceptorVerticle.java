package alknet.transport;

import alknet.Addresses;
import alknet.ops.AlknetMetrics;
import alknet.ssh.SshInterfaceVerticle;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.ServerWebSocketHandshake;
import io.vertx.core.json.JsonObject;

/**
 * Layer 1, WebSocket (10-tunnel.md section 1): SSH inside binary WebSocket frames on one path (default
 * {@code /alknet}), over TLS when files are given, so clients pass HTTP-only proxies and CDNs. Other paths and plain
 * HTTP requests get a 404; frames larger than the SSH packet limit close the connection.
 */
public final class WebSocketAcceptorVerticle extends VerticleBase implements ListenerVerticle {
    public static final String DEFAULT_PATH = "/alknet";
    /** An SSH packet is at most 256 KiB (RFC 4253 allows 35,000 bytes; MINA accepts more); larger frames are refused. */
    static final int MAX_FRAME_BYTES = 256 * 1024 + 1024;

    private final String host;
    private final int port;
    private final String path;
    private final ListenerTls tls;
    private final SshInterfaceVerticle ssh;
    private final ConnectionsPerIp perIp;
    private final AlknetMetrics metrics;
    private HttpServer server;
    private volatile boolean accepting = true;

    public WebSocketAcceptorVerticle(String host, int port, String path, TlsFiles tls, SshInterfaceVerticle ssh,
                                     ConnectionsPerIp perIp, AlknetMetrics metrics) {
        this.host = host;
        this.port = port;
        this.path = path == null ? DEFAULT_PATH : path;
        this.tls = new ListenerTls(tls);
        this.ssh = ssh;
        this.perIp = perIp;
        this.metrics = metrics;
    }

    @Override
    public Future<?> start() {
        vertx.eventBus().consumer(Addresses.SHUTDOWN_STARTED, msg -> accepting = false);
        HttpServerOptions options = new HttpServerOptions().setTcpNoDelay(true).setReuseAddress(true)
                .setMaxWebSocketFrameSize(MAX_FRAME_BYTES).setMaxWebSocketMessageSize(MAX_FRAME_BYTES);
        if (tls.files() != null) {
            TlsEngine.apply(options).setSsl(true).setKeyCertOptions(tls.files().keyCertOptions());
        }
        server = vertx.createHttpServer(options)
                .requestHandler(request -> request.response().setStatusCode(404).putHeader("Server", "nginx").end())
                .webSocketHandshakeHandler(this::handshake)
                .webSocketHandler(this::accepted);
        return server.listen(port, host).onSuccess(s ->
                vertx.eventBus().consumer(Addresses.readiness(readinessCheck()), msg -> msg.reply(new JsonObject().put("ok", accepting))));
    }

    public int actualPort() {
        return server.actualPort();
    }

    @Override
    public String transportName() {
        return tls.files() == null ? "ws" : "wss";
    }

    @Override
    public String readinessCheck() {
        return "listener-ws-" + server.actualPort();
    }

    private void handshake(ServerWebSocketHandshake handshake) {
        if (accepting && path.equals(handshake.path())) {
            handshake.accept();
        } else {
            handshake.reject(404);
        }
    }

    private void accepted(ServerWebSocket ws) {
        String ip = ws.remoteAddress().hostAddress();
        if (!perIp.admit(ip, metrics)) {
            ws.close();
            return;
        }
        ws.closeHandler(v -> perIp.release(ip));
        if (!ssh.accept(new WebSocketConnection(ws))) {
            ws.close();
        }
    }

    public Future<Void> stopAccepting() {
        accepting = false;
        return server.close();
    }

    @Override
    public TlsFiles tls() {
        return tls.files();
    }

    @Override
    public Future<Void> reloadTls(TlsFiles files) {
        return tls.reload(files, server::updateSSLOptions, readinessCheck());
    }

    @Override
    public Future<?> stop() {
        return server.close();
    }
}
