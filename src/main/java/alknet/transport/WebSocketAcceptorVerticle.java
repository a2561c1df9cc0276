package alknet.transport;

import io.vertx.core.Handler;
import java.util.Map;
import alknet.api.TlsFiles;
import alknet.metrics.AlknetMetrics;
import alknet.stream.ConnectionAcceptor;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.ServerWebSocketHandshake;
import io.vertx.core.net.ServerSSLOptions;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Layer 1, WebSocket (10-tunnel.md section 1): SSH inside binary WebSocket frames on one path (default
 * {@code /alknet}), over TLS when files are given, so clients pass HTTP-only proxies and CDNs. Other paths and plain
 * HTTP requests get a 404; frames larger than the SSH packet limit close the connection.
 */
public final class WebSocketAcceptorVerticle extends AcceptorVerticle {
    public static final String DEFAULT_PATH = "/alknet";
    /** An SSH packet is at most 256 KiB (RFC 4253 allows 35,000 bytes; MINA accepts more); larger frames are refused. */
    static final int MAX_FRAME_BYTES = 256 * 1024 + 1024;

    private final String path;
    private final Map<String, Handler<ServerWebSocket>> otherPaths;
    private final int maxOtherFrame;
    private HttpServer server;

    public WebSocketAcceptorVerticle(String host, int port, String path, TlsFiles tls, ConnectionAcceptor ssh,
                                     ConnectionsPerIp perIp, AlknetMetrics metrics) {
        this(host, port, path, tls, ssh, perIp, metrics, Map.of(), 0);
    }

    /**
     * {@code otherPaths}: WebSocket services beside SSH on this listener (the raw call carrier on {@code /call}), each
     * taking its sockets after the per-IP admission; their messages may be up to {@code maxOtherFrame} bytes.
     */
    public WebSocketAcceptorVerticle(String host, int port, String path, TlsFiles tls, ConnectionAcceptor ssh,
                                     ConnectionsPerIp perIp, AlknetMetrics metrics,
                                     Map<String, Handler<ServerWebSocket>> otherPaths, int maxOtherFrame) {
        super(host, port, tls, ssh, perIp, metrics);
        this.path = path == null ? DEFAULT_PATH : path;
        this.otherPaths = Map.copyOf(otherPaths);
        this.maxOtherFrame = maxOtherFrame;
    }

    @Override
    protected Future<Integer> listen() {
        int maxFrame = Math.max(MAX_FRAME_BYTES, otherPaths.isEmpty() ? 0 : maxOtherFrame);
        HttpServerOptions options = new HttpServerOptions().setTcpNoDelay(true).setReuseAddress(true)
                .setMaxWebSocketFrameSize(maxFrame).setMaxWebSocketMessageSize(maxFrame);
        if (tls() != null) {
            TlsEngine.apply(options).setSsl(true).setKeyCertOptions(tls().keyCertOptions());
        }
        server = vertx.createHttpServer(options)
                .requestHandler(request -> request.response().setStatusCode(404).putHeader("Server", "nginx").end())
                .webSocketHandshakeHandler(this::handshake)
                .webSocketHandler(this::accepted);
        return server.listen(port, host).map(HttpServer::actualPort);
    }

    @Override
    protected Future<Void> closeServer() {
        return server.close();
    }

    @Override
    protected Future<Void> unbind(Duration grace) {
        return server.shutdown(grace.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    protected Future<Boolean> updateSslOptions(ServerSSLOptions options, boolean force) {
        return server.updateSSLOptions(options, force);
    }

    @Override
    public String transportName() {
        return tls() == null ? "ws" : "wss";
    }

    @Override
    protected String readinessKind() {
        return "ws";
    }

    private void handshake(ServerWebSocketHandshake handshake) {
        if (accepting && (path.equals(handshake.path()) || otherPaths.containsKey(handshake.path()))) {
            handshake.accept();
        } else {
            handshake.reject(404);
        }
    }

    private void accepted(ServerWebSocket ws) {
        String ip = ws.remoteAddress().hostAddress();
        if (!admit(ip)) {
            ws.close();
            return;
        }
        ws.closeHandler(v -> release(ip));
        Handler<ServerWebSocket> other = otherPaths.get(ws.path());
        if (other != null) {
            other.handle(ws);
        } else if (!ssh.accept(new WebSocketConnection(ws))) {
            ws.close();
        }
    }
}
