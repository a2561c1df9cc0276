package alknet.transport;

import alknet.api.TlsFiles;
import alknet.stream.DuplexConnection;
import alknet.Addresses;
import alknet.metrics.AlknetMetrics;
import alknet.stream.ConnectionAcceptor;
import alknet.stream.ListenRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.ServerSSLOptions;

import java.time.Duration;

/**
 * What every listener shares (10-tunnel.md section 1): the address, the SSH interface it hands streams to, the
 * per-IP admission, the accepting flag that shutdown clears, the readiness check, and its TLS files with their live
 * reload. Subclasses bind their kind of server and turn accepted connections into {@link DuplexConnection}s.
 */
abstract class AcceptorVerticle extends VerticleBase implements ListenerVerticle {
    protected final String host;
    protected final int port;
    protected final ConnectionAcceptor ssh;
    private final ConnectionsPerIp perIp;
    private final AlknetMetrics metrics;
    private volatile TlsFiles tls;
    private int boundPort = -1;
    private ListenRegistry.Claim claim;
    protected volatile boolean accepting = true;

    AcceptorVerticle(String host, int port, TlsFiles tls, ConnectionAcceptor ssh, ConnectionsPerIp perIp,
                     AlknetMetrics metrics) {
        this.host = host;
        this.port = port;
        this.tls = tls;
        this.ssh = ssh;
        this.perIp = perIp;
        this.metrics = metrics;
    }

    /** Creates and binds the server; completes with the port actually bound. */
    protected abstract Future<Integer> listen();

    protected abstract Future<Void> closeServer();

    /**
     * Unbinds the server now; its accepted connections stay open for up to {@code grace}, then Vert.x closes them.
     * Completes when the last of them closed or the grace ran out.
     */
    protected abstract Future<Void> unbind(Duration grace);

    protected abstract Future<Boolean> updateSslOptions(ServerSSLOptions options, boolean force);

    /** The transport part of the readiness check's name ({@code tcp}, {@code tls}, {@code ws}). */
    protected abstract String readinessKind();

    private volatile Future<Void> unbound;

    @Override
    public final Future<?> start() {
        // Local consumers: on a head cluster's shared bus, another head's shutdown must not stop this listener.
        vertx.eventBus().localConsumer(Addresses.SHUTDOWN_STARTED, msg -> accepting = false);
        claim = ListenRegistry.of(vertx).claim(host, port, "the " + transportName() + " listener");
        return listen().onFailure(e -> claim.release()).onSuccess(bound -> {
            claim.bound(bound);
            boundPort = bound;
            vertx.eventBus().localConsumer(Addresses.readiness(readinessCheck()),
                    msg -> msg.reply(new JsonObject().put("ok", accepting)));
        });
    }

    @Override
    public int actualPort() {
        return boundPort;
    }

    /** The name of this listener's readiness check, e.g. {@code listener-tls-443}. */
    @Override
    public String readinessCheck() {
        return "listener-" + readinessKind() + "-" + boundPort;
    }

    /** Applies the per-IP limit; an admitted connection's slot is released by {@link #release}. */
    protected boolean admit(String ip) {
        return perIp.admit(ip, metrics);
    }

    protected void release(String ip) {
        perIp.release(ip);
    }

    /** Stops accepting new connections; existing ones are left to the SSH interface's drain. */
    @Override
    public Future<Void> stopAccepting(Duration grace) {
        accepting = false;
        // Not closeServer(): Vert.x's close() also closes every accepted connection, which cut the drain short.
        if (unbound == null) {
            unbound = unbind(grace);
        }
        claim.release();
        return Future.succeededFuture();
    }

    @Override
    public TlsFiles tls() {
        return tls;
    }

    /**
     * Hands {@code files} to the running server (forced: renewals usually keep the paths) and remembers them once
     * loaded; a failure keeps the old certificate.
     */
    @Override
    public Future<Void> reloadTls(TlsFiles files) {
        if (tls == null) {
            return Future.failedFuture(new IllegalStateException("listener " + readinessCheck() + " does not use TLS"));
        }
        return updateSslOptions(files.serverOptions(), true).<Void>mapEmpty().onSuccess(v -> tls = files);
    }

    /**
     * Closes the server, or, after {@link #stopAccepting}, waits for that shutdown: a second shutdown while the first
     * is under way would replace the grace Vert.x 5.0.7 is reading (its close then schedules a 0 ms timer, throws, and
     * never completes).
     */
    @Override
    public Future<?> stop() {
        return (unbound != null ? unbound : closeServer()).onComplete(v -> claim.release());
    }
}
