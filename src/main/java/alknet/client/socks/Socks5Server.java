package alknet.client.socks;

import alknet.stream.ListenRegistry;
import alknet.client.TunnelOpener;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Objects;

/**
 * The client's local SOCKS5 listener: accepts connections and hands each to a {@link Socks5Connection}, which turns
 * its CONNECT into a tunnel from the {@link TunnelOpener}.
 */
public final class Socks5Server {
    private static final Logger LOG = LoggerFactory.getLogger(Socks5Server.class);

    private final Vertx vertx;
    private final Socks5ServerOptions options;
    private final TunnelOpener opener;
    private NetServer server;
    private ListenRegistry.Claim claim;

    public Socks5Server(Vertx vertx, Socks5ServerOptions options, TunnelOpener opener) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.options = Objects.requireNonNull(options, "options");
        this.opener = Objects.requireNonNull(opener, "opener");
    }

    /** Binds and starts accepting; the future carries the port actually bound (useful with port 0). */
    public Future<Integer> listen() {
        if (server != null) {
            return Future.failedFuture(new IllegalStateException("SOCKS5 server already listening"));
        }
        ListenRegistry.Claim held = ListenRegistry.of(vertx).claim(options.host(), options.port(),
                "--socks5 " + options.host() + ":" + options.port());
        claim = held;
        server = vertx.createNetServer(new NetServerOptions().setTcpNoDelay(true));
        server.connectHandler(this::accept);
        return server.listen(options.port(), options.host()).onFailure(e -> held.release()).map(s -> {
            held.bound(s.actualPort());
            LOG.info("socks5 listening address={} port={}", options.host(), s.actualPort());
            return s.actualPort();
        });
    }

    /** The bound port, or -1 before {@link #listen()} completed. */
    public int actualPort() {
        return server == null ? -1 : server.actualPort();
    }

    /** Stops accepting and closes the listener's connections. */
    public Future<Void> close() {
        NetServer current = server;
        server = null;
        if (claim != null) {
            claim.release();
        }
        return current == null ? Future.succeededFuture() : current.close();
    }

    private void accept(NetSocket socket) {
        new Socks5Connection(vertx, socket, options.newHandshake(), opener, options.handshakeTimeout()).start();
    }
}
