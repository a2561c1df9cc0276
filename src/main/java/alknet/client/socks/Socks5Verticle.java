package alknet.client.socks;

import alknet.client.TunnelOpener;
import alknet.client.SessionEventLoop;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

import java.util.Objects;

/** Deploys one {@link Socks5Server}; undeploying closes it. */
public final class Socks5Verticle extends VerticleBase {
    private final Socks5ServerOptions options;
    private final TunnelOpener opener;
    private final Context home;
    private Socks5Server server;

    /** {@code home}: the session's context, whose event loop serves the accepted sockets (null = this verticle's). */
    public Socks5Verticle(Socks5ServerOptions options, TunnelOpener opener, Context home) {
        this.options = Objects.requireNonNull(options, "options");
        this.opener = Objects.requireNonNull(opener, "opener");
        this.home = home;
    }

    @Override
    public Future<?> start() {
        server = new Socks5Server(vertx, options, opener);
        return SessionEventLoop.listenOn(home, server::listen);
    }

    @Override
    public Future<?> stop() {
        return server == null ? Future.succeededFuture() : server.close();
    }

    /** The bound port once deployed, or -1. */
    public int actualPort() {
        return server == null ? -1 : server.actualPort();
    }
}
