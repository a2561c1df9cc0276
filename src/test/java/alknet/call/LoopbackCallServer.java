package alknet.call;

import alknet.api.Identity;
import alknet.call.carrier.StreamFrameCarrier;
import alknet.call.operation.CallRouterOptions;
import alknet.transport.NetSocketConnection;
import alknet.call.registry.OperationDispatcher;
import alknet.stream.TransportKind;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Call connections over real loopback TCP: a Vert.x NetServer on 127.0.0.1 whose every accepted socket becomes a
 * {@link CallConnection} (identity and dispatcher fixed per server), and clients that connect to it with their
 * own dispatcher.
 */
public final class LoopbackCallServer implements AutoCloseable {
    private final Vertx vertx;
    private final NetServer server;
    private final NetClient client;
    private final CallRouterOptions options;
    private final List<CallConnection> accepted = new CopyOnWriteArrayList<>();

    private LoopbackCallServer(Vertx vertx, Identity clientIdentity, OperationDispatcher serverSide, CallRouterOptions options) {
        this.vertx = vertx;
        this.options = options;
        this.client = vertx.createNetClient();
        this.server = vertx.createNetServer().connectHandler(socket -> {
            StreamFrameCarrier carrier = new StreamFrameCarrier(new NetSocketConnection(socket, TransportKind.TCP),
                    options.maxFrame());
            accepted.add(CallConnection.open(carrier, clientIdentity, serverSide, options));
        });
    }

    /** @param clientIdentity what the server side believes its clients are (their authenticated identity) */
    public static LoopbackCallServer start(Vertx vertx, Identity clientIdentity, OperationDispatcher serverSide,
                                           CallRouterOptions options) {
        LoopbackCallServer s = new LoopbackCallServer(vertx, clientIdentity, serverSide, options);
        Await.result(s.server.listen(0, "127.0.0.1"));
        return s;
    }

    public int port() {
        return server.actualPort();
    }

    /** A client connection; {@code serverIdentity} is how the client sees the server. */
    public CallConnection connect(Identity serverIdentity, OperationDispatcher clientSide) {
        int before = accepted.size();
        Promise<CallConnection> connected = Promise.promise();
        client.connect(port(), "127.0.0.1").onComplete(ar -> {
            if (ar.failed()) {
                connected.fail(ar.cause());
                return;
            }
            StreamFrameCarrier carrier = new StreamFrameCarrier(new NetSocketConnection(ar.result(), TransportKind.TCP),
                    options.maxFrame());
            connected.complete(CallConnection.open(carrier, serverIdentity, clientSide, options));
        });
        CallConnection connection = Await.result(connected.future());
        Await.until(() -> accepted.size() > before, "the server accepted the connection");
        return connection;
    }

    /** Server-side connections, oldest first. */
    public List<CallConnection> accepted() {
        return accepted;
    }

    public CallConnection lastAccepted() {
        return accepted.get(accepted.size() - 1);
    }

    @Override
    public void close() {
        accepted.forEach(CallConnection::close);
        Await.result(server.close());
        Await.result(client.close());
    }
}
