package alknet.client;

import alknet.transport.SocketHalfClose;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;

/**
 * One {@code -L} forward: a local listener that stays bound across reconnects; each accepted connection becomes a
 * tunnel to the fixed target through the current session (waiting for it while reconnecting).
 */
public final class LocalForwardVerticle extends VerticleBase {
    private final ForwardSpec spec;
    private final TunnelOpener opener;
    private final Context home;
    private NetServer server;

    /** {@code home}: the session's context, whose event loop serves the accepted sockets (null = this verticle's). */
    public LocalForwardVerticle(ForwardSpec spec, TunnelOpener opener, Context home) {
        this.spec = spec;
        this.opener = opener;
        this.home = home;
    }

    @Override
    public Future<?> start() {
        server = vertx.createNetServer(new NetServerOptions().setTcpNoDelay(true).setReuseAddress(true))
                .connectHandler(this::accepted);
        return SessionEventLoop.listenOn(home, () -> server.listen(spec.bindPort(), spec.bindHost())).recover(e -> Future.failedFuture(
                new IllegalStateException("cannot listen on " + spec.bindHost() + ":" + spec.bindPort()
                        + " for --forward: " + e.getMessage() + " (choose another local port)")));
    }

    public int actualPort() {
        return server.actualPort();
    }

    private void accepted(NetSocket socket) {
        socket.pause();
        SocketHalfClose.InputShutdown fin = SocketHalfClose.track(socket);
        opener.open(spec.targetHost(), spec.targetPort()).onComplete(ar -> {
            if (ar.succeeded()) {
                TunnelSplice.splice(socket, fin, ar.result());
            } else {
                socket.close();
            }
        });
    }

    @Override
    public Future<?> stop() {
        return server.close();
    }
}
