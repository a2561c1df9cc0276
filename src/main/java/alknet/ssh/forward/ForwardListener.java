package alknet.ssh.forward;

import alknet.ssh.channel.OutgoingChannel;
import alknet.ssh.channel.OutgoingChannel.Endpoint;
import alknet.stream.ListenRegistry;
import alknet.stream.Splice;
import alknet.stream.TransportKind;
import alknet.transport.NetSocketConnection;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import org.apache.sshd.common.session.Session;

/**
 * One {@code -R} port of one session (RFC 4254 section 7.1): a Vert.x server on the session's event loop whose
 * connections each become a {@code forwarded-tcpip} channel to the client, spliced with half-close and
 * back-pressure. Its address is claimed in the process's {@link ListenRegistry}, so it never joins another server.
 */
final class ForwardListener {
    private final Session session;
    private final Context context;
    private final String requestedHost;
    private final ListenRegistry.Claim claim;
    private NetServer server;
    private int port;

    private ForwardListener(Session session, Context context, String requestedHost, ListenRegistry.Claim claim) {
        this.session = session;
        this.context = context;
        this.requestedHost = requestedHost;
        this.claim = claim;
    }

    /** Binds on the session's context; fails with the registry's refusal or the OS error. */
    static Future<ForwardListener> bind(Vertx vertx, Session session, Context context, String requestedHost,
                                        String bindHost, int port) {
        ListenRegistry.Claim claim;
        try {
            claim = ListenRegistry.of(vertx).claim(bindHost, port, "a remote forward (-R)");
        } catch (ListenRegistry.AddressInUseException e) {
            // A failed future, not a throw: the caller answers the request's reply slot and logs the refusal.
            return Future.failedFuture(e);
        }
        ForwardListener listener = new ForwardListener(session, context, requestedHost, claim);
        return listener.listen(vertx, bindHost, port).map(listener).onFailure(e -> claim.release());
    }

    private Future<Void> listen(Vertx vertx, String bindHost, int requestedPort) {
        server = vertx.createNetServer(new NetServerOptions().setTcpNoDelay(true).setReuseAddress(true))
                .connectHandler(this::accepted);
        return server.listen(requestedPort, bindHost).compose(s -> {
            port = s.actualPort();
            try {
                claim.bound(port);
                return Future.<Void>succeededFuture();
            } catch (ListenRegistry.AddressInUseException e) {
                s.close();
                return Future.failedFuture(e);
            }
        });
    }

    int port() {
        return port;
    }

    String requestedHost() {
        return requestedHost;
    }

    private void accepted(NetSocket socket) {
        socket.pause();
        // Forward listeners keep half-close: an application may send its request, shut its output and await the answer.
        NetSocketConnection local = NetSocketConnection.trackingHalfClose(socket, TransportKind.TCP);
        if (!session.isOpen()) {
            local.close();
            return;
        }
        Endpoint connected = new Endpoint(requestedHost, port);
        Endpoint originator = new Endpoint(local.info().remoteAddress(), local.info().remotePort());
        OutgoingChannel.open(session, OutgoingChannel.FORWARDED_TCPIP, connected, originator, context)
                .onSuccess(channel -> Splice.between(channel, local))
                .onFailure(e -> local.close());
    }

    Future<Void> close() {
        claim.release();
        return server == null ? Future.succeededFuture() : server.close();
    }
}
