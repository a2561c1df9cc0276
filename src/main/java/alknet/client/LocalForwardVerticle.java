package alknet.client;

import alknet.api.ForwardSpec;
import alknet.stream.ListenRegistry;
import alknet.stream.Splice;
import alknet.stream.TransportKind;
import alknet.transport.NetSocketConnection;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code -L} forward: a local listener that stays bound across reconnects; each accepted connection becomes a
 * tunnel to the fixed target through the current session (waiting for it while reconnecting). A refused tunnel is
 * reported on stderr by the forward's number and reason, never its target.
 */
public final class LocalForwardVerticle extends VerticleBase {
    private static final Logger STATUS = LoggerFactory.getLogger("alknet.status");

    private final ForwardSpec spec;
    private final int number;
    private final TunnelOpener opener;
    private final Context home;
    private NetServer server;
    private ListenRegistry.Claim claim;

    /**
     * {@code number}: the forward's position among the {@code --forward} flags (1-based, for status lines);
     * {@code home}: the session's context, whose event loop serves the accepted sockets (null = this verticle's).
     */
    public LocalForwardVerticle(ForwardSpec spec, int number, TunnelOpener opener, Context home) {
        this.spec = spec;
        this.number = number;
        this.opener = opener;
        this.home = home;
    }

    @Override
    public Future<?> start() {
        claim = ListenRegistry.of(vertx).claim(spec.bindHost(), spec.bindPort(),
                "--forward " + spec.bindHost() + ":" + spec.bindPort());
        server = vertx.createNetServer(new NetServerOptions().setTcpNoDelay(true).setReuseAddress(true))
                .connectHandler(this::accepted);
        return SessionEventLoop.listenOn(home, () -> server.listen(spec.bindPort(), spec.bindHost()))
                .onSuccess(s -> claim.bound(s.actualPort()))
                .onFailure(e -> claim.release())
                .recover(e -> Future.failedFuture(new IllegalStateException("cannot listen on " + spec.bindHost() + ":"
                        + spec.bindPort() + " for --forward: " + e.getMessage() + " (choose another local port)")));
    }

    public int actualPort() {
        return server.actualPort();
    }

    private void accepted(NetSocket socket) {
        socket.pause();
        NetSocketConnection local = NetSocketConnection.trackingHalfClose(socket, TransportKind.TCP);
        opener.open(spec.targetHost(), spec.targetPort()).onComplete(ar -> {
            if (ar.succeeded()) {
                Splice.between(ar.result(), local);
            } else {
                String reason = ar.cause() instanceof TunnelOpenException e
                        ? e.reason().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-') : "error";
                STATUS.warn("forward #{} connection refused reason={}", number, reason);
                local.close();
            }
        });
    }

    @Override
    public Future<?> stop() {
        return server.close().onComplete(v -> claim.release());
    }
}
