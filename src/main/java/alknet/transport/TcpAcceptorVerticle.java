package alknet.transport;

import alknet.Addresses;
import alknet.ops.AlknetMetrics;
import alknet.ssh.SshInterfaceVerticle;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;

/**
 * Layer 1, TCP or TLS over TCP (10-tunnel.md section 1): one listener. Applies the per-IP limit before any SSH byte, then hands
 * the stream to the SSH interface in-process. TLS, stealth and WebSocket listeners follow the same shape.
 */
public final class TcpAcceptorVerticle extends VerticleBase implements ListenerVerticle {
    private final String host;
    private final int port;
    private final SshInterfaceVerticle ssh;
    private final ConnectionsPerIp perIp;
    private final AlknetMetrics metrics;
    private final ListenerTls tls;
    private final TransportKind kind;
    private final boolean stealth;
    private NetServer server;
    private volatile boolean accepting = true;

    public TcpAcceptorVerticle(String host, int port, SshInterfaceVerticle ssh, ConnectionsPerIp perIp, AlknetMetrics metrics) {
        this(host, port, null, false, ssh, perIp, metrics);
    }

    /**
     * A listener for SSH inside TLS when {@code tls} is given (transport kind {@code tls}), plain TCP otherwise;
     * {@code stealth} (TLS only) answers everyone who does not speak SSH like nginx.
     */
    public TcpAcceptorVerticle(String host, int port, TlsFiles tls, boolean stealth, SshInterfaceVerticle ssh,
                               ConnectionsPerIp perIp, AlknetMetrics metrics) {
        if (stealth && tls == null) {
            throw new IllegalArgumentException("--stealth needs TLS: add --transport tls --tls-cert FILE --tls-key FILE");
        }
        this.stealth = stealth;
        this.tls = new ListenerTls(tls);
        this.kind = tls == null ? TransportKind.TCP : TransportKind.TLS;
        this.host = host;
        this.port = port;
        this.ssh = ssh;
        this.perIp = perIp;
        this.metrics = metrics;
    }

    @Override
    public Future<?> start() {
        vertx.eventBus().consumer(Addresses.SHUTDOWN_STARTED, msg -> accepting = false);
        NetServerOptions options = new NetServerOptions().setTcpNoDelay(true).setReuseAddress(true).setAcceptBacklog(1024);
        if (tls.files() != null) {
            TlsEngine.apply(options).setSsl(true).setKeyCertOptions(tls.files().keyCertOptions());
        }
        server = vertx.createNetServer(options).connectHandler(this::accepted);
        return server.listen(port, host).onSuccess(s ->
                vertx.eventBus().consumer(Addresses.readiness(readinessCheck()),
                        msg -> msg.reply(new JsonObject().put("ok", accepting))));
    }

    public int actualPort() {
        return server.actualPort();
    }

    public TransportKind kind() {
        return kind;
    }

    @Override
    public String transportName() {
        return kind.wireName();
    }

    /** The name of this listener's readiness check, e.g. {@code listener-tls-443}. */
    public String readinessCheck() {
        return "listener-" + kind.wireName() + "-" + server.actualPort();
    }

    private void accepted(NetSocket socket) {
        String ip = socket.remoteAddress().hostAddress();
        if (!accepting) {
            socket.close();
            return;
        }
        if (!perIp.admit(ip, metrics)) {
            socket.close();
            return;
        }
        socket.closeHandler(v -> perIp.release(ip));
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

    /** Stops accepting new connections; existing ones are left to the SSH interface's drain. */
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
