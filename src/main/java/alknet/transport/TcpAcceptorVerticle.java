package alknet.transport;

import alknet.api.TlsFiles;
import alknet.stream.TransportKind;
import alknet.stream.DuplexConnection;
import alknet.metrics.AlknetMetrics;
import alknet.stream.ConnectionAcceptor;
import io.vertx.core.Future;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.ServerSSLOptions;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Layer 1, TCP or TLS over TCP (10-tunnel.md section 1): one listener. Applies the per-IP limit before any SSH byte, then hands
 * the stream to the SSH interface in-process. TLS, stealth and WebSocket listeners follow the same shape.
 */
public final class TcpAcceptorVerticle extends AcceptorVerticle {
    private final TransportKind kind;
    private final boolean stealth;
    private NetServer server;

    public TcpAcceptorVerticle(String host, int port, ConnectionAcceptor ssh, ConnectionsPerIp perIp, AlknetMetrics metrics) {
        this(host, port, null, false, ssh, perIp, metrics);
    }

    /**
     * A listener for SSH inside TLS when {@code tls} is given (transport kind {@code tls}), plain TCP otherwise;
     * {@code stealth} (TLS only) answers everyone who does not speak SSH like nginx.
     */
    public TcpAcceptorVerticle(String host, int port, TlsFiles tls, boolean stealth, ConnectionAcceptor ssh,
                               ConnectionsPerIp perIp, AlknetMetrics metrics) {
        super(host, port, tls, ssh, perIp, metrics);
        if (stealth && tls == null) {
            throw new IllegalArgumentException("--stealth needs TLS: add --transport tls --tls-cert FILE --tls-key FILE");
        }
        this.stealth = stealth;
        this.kind = tls == null ? TransportKind.TCP : TransportKind.TLS;
    }

    @Override
    protected Future<Integer> listen() {
        NetServerOptions options = new NetServerOptions().setTcpNoDelay(true).setReuseAddress(true).setAcceptBacklog(1024);
        if (tls() != null) {
            TlsEngine.apply(options).setSsl(true).setKeyCertOptions(tls().keyCertOptions());
        }
        server = vertx.createNetServer(options).connectHandler(this::accepted);
        return server.listen(port, host).map(NetServer::actualPort);
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

    public TransportKind kind() {
        return kind;
    }

    @Override
    public String transportName() {
        return kind.wireName();
    }

    @Override
    protected String readinessKind() {
        return kind.wireName();
    }

    private void accepted(NetSocket socket) {
        String ip = socket.remoteAddress().hostAddress();
        if (!accepting) {
            socket.close();
            return;
        }
        if (!admit(ip)) {
            socket.close();
            return;
        }
        socket.closeHandler(v -> release(ip));
        if (!stealth) {
            handOver(new NetSocketConnection(socket, kind), socket);
            return;
        }
        StealthSniffer.sniff(vertx, socket, StealthSniffer.SNIFF_TIMEOUT_MS).onSuccess(prefix ->
                handOver(new PrefixedConnection(new NetSocketConnection(socket, kind), prefix), socket));
    }

    private void handOver(DuplexConnection connection, NetSocket socket) {
        if (!ssh.accept(connection)) {
            socket.close();
        }
    }
}
