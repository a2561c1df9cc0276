package alknet.client.socks;

import alknet.client.TunnelOpener;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

import java.util.Objects;

/** Deploys one {@link Socks5Server}; undeploying closes it. */
public final class Socks5Verticle extends VerticleBase {
    private final Socks5ServerOptions options;
    private final TunnelOpener opener;
    private Socks5Server server;

    public Socks5Verticle(Socks5ServerOptions options, TunnelOpener opener) {
        this.options = Objects.requireNonNull(options, "options");
        this.opener = Objects.requireNonNull(opener, "opener");
    }

    @Override
    public Future<?> start() {
        server = new Socks5Server(vertx, options, opener);
        return server.listen();
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
