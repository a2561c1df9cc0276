package alknet.call.raw;

import alknet.stream.ListenRegistry;
import alknet.transport.NetSocketConnection;
import alknet.call.CallRouterVerticle;
import alknet.call.carrier.StreamFrameCarrier;
import alknet.stream.TransportKind;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.PemKeyCertOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Raw framing without SSH (30-call-protocol.md section 6, {@code --raw-listen}): length-prefixed envelopes on TCP
 * or TLS; each connection must authenticate with an {@code __auth} token first, then it is served by the router
 * like a control channel.
 */
public final class RawCallListener {
    private static final Logger LOG = LoggerFactory.getLogger(RawCallListener.class);

    private final Vertx vertx;
    private final RawListenerOptions options;
    private final TokenAuthenticator authenticator;
    private final CallRouterVerticle router;
    private NetServer server;
    private ListenRegistry.Claim claim;

    public RawCallListener(Vertx vertx, RawListenerOptions options, TokenAuthenticator authenticator,
                           CallRouterVerticle router) {
        this.vertx = vertx;
        this.options = options;
        this.authenticator = authenticator;
        this.router = router;
    }

    /** Binds; the future holds the actual port. */
    public Future<Integer> listen() {
        NetServerOptions serverOptions = new NetServerOptions();
        if (options.tls()) {
            serverOptions.setSsl(true).setKeyCertOptions(new PemKeyCertOptions()
                    .setCertPath(options.certPath().toString()).setKeyPath(options.keyPath().toString()));
        }
        claim = ListenRegistry.of(vertx).claim(options.host(), options.port(), "the raw call listener (--raw-listen)");
        server = vertx.createNetServer(serverOptions.setTcpNoDelay(true)).connectHandler(this::accept);
        return server.listen(options.port(), options.host()).onFailure(e -> claim.release()).map(bound -> {
            claim.bound(bound.actualPort());
            LOG.info("raw call listener transport={} port={}", options.tls() ? "tls" : "tcp", bound.actualPort());
            return bound.actualPort();
        });
    }

    private void accept(NetSocket socket) {
        StreamFrameCarrier carrier = new StreamFrameCarrier(
                new NetSocketConnection(socket, options.tls() ? TransportKind.TLS : TransportKind.TCP),
                router.options().maxFrame());
        RawAuthGate.guard(carrier, authenticator, router.options().authTimeout(), identity -> router.serve(carrier, identity));
    }

    public int actualPort() {
        return server == null ? -1 : server.actualPort();
    }

    public Future<Void> close() {
        if (claim != null) {
            claim.release();
        }
        return server == null ? Future.succeededFuture() : server.close();
    }
}
