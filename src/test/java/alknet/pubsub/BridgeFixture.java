package alknet.pubsub;

import alknet.api.Identity;
import alknet.call.Await;
import alknet.call.CallConnection;
import alknet.call.CallRouterVerticle;
import alknet.call.carrier.StreamFrameCarrier;
import alknet.call.metrics.CallMetrics;
import alknet.call.operation.CallRouterOptions;
import alknet.transport.NetSocketConnection;
import alknet.call.registry.OperationDispatcher;
import alknet.call.registry.OperationRegistry;
import alknet.stream.TransportKind;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A router and a pub/sub bridge serving loopback TCP connections, each accepted connection authenticated as the
 * identity the next {@link #connect} (or {@link #expect}) named.
 */
final class BridgeFixture implements AutoCloseable {
    final Vertx vertx = Vertx.vertx();
    final CallRouterVerticle router = new CallRouterVerticle();
    final PubsubBridgeVerticle bridge;
    final String bridgeDeployment;
    private final Queue<Identity> nextIdentities = new ConcurrentLinkedQueue<>();
    private final NetServer server;
    private final NetClient client;

    BridgeFixture(TopicPolicy policy) {
        bridge = new PubsubBridgeVerticle(policy);
        Await.result(vertx.deployVerticle(router));
        bridgeDeployment = Await.result(vertx.deployVerticle(bridge));
        router.addConnectionListener(bridge::attach);
        server = vertx.createNetServer().connectHandler(socket ->
                router.serve(new NetSocketConnection(socket, TransportKind.TCP), nextIdentities.remove()));
        Await.result(server.listen(0, "127.0.0.1"));
        client = vertx.createNetClient();
    }

    int port() {
        return server.actualPort();
    }

    /** The next accepted connection is {@code identity}. */
    void expect(Identity identity) {
        nextIdentities.add(identity);
    }

    /** A peer connected as {@code identity}, with a TopicClient on its side. */
    TopicClient connect(Identity identity) {
        expect(identity);
        int before = router.connections().size();
        Promise<CallConnection> connected = Promise.promise();
        client.connect(port(), "127.0.0.1").onSuccess(socket -> connected.complete(CallConnection.open(
                new StreamFrameCarrier(new NetSocketConnection(socket, TransportKind.TCP), CallRouterOptions.DEFAULT_MAX_FRAME),
                new Identity("SHA256:server", java.util.List.of(), java.util.Map.of()),
                new OperationDispatcher(vertx, new OperationRegistry(), new CallRouterOptions(), CallMetrics.NONE),
                new CallRouterOptions()))).onFailure(connected::fail);
        CallConnection connection = Await.result(connected.future());
        Await.until(() -> router.connections().size() > before && bridge.peerCount() > before, "the bridge attached");
        lastClient = connection;
        return new TopicClient(connection);
    }

    CallConnection lastClient;

    @Override
    public void close() {
        Await.result(vertx.close());
    }
}
