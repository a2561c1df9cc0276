package alknet.api.impl;

import alknet.api.CallPeer;
import alknet.api.EventSubscription;
import alknet.api.Operations;
import alknet.api.ServeOptions;
import alknet.api.TlsFiles;
import alknet.api.TopicEvent;
import alknet.auth.AuthConfig;
import alknet.auth.TokenVerifier;
import alknet.call.CallConnection;
import alknet.call.CallRouterVerticle;
import alknet.cluster.ClusterMembers;
import alknet.cluster.ClusteredVertx;
import alknet.cluster.HazelcastMembers;
import alknet.cluster.HazelcastNodeDirectory;
import alknet.cluster.HeadCluster;
import alknet.cluster.LocalNodeDirectory;
import alknet.cluster.NodeDirectory;
import alknet.cluster.SingleHead;
import com.hazelcast.core.HazelcastInstance;
import io.vertx.core.Promise;
import alknet.call.ControlChannelTarget;
import alknet.call.metrics.MicrometerCallMetrics;
import alknet.call.operation.CallRouterOptions;
import alknet.call.raw.RawCallListener;
import alknet.call.raw.RawListenerOptions;
import alknet.call.raw.TokenAuthenticator;
import alknet.call.raw.VerifiedTokenAuthenticator;
import alknet.call.raw.WebSocketCallHandler;
import alknet.outbound.ReservedTargets;
import alknet.pubsub.PubsubBridgeVerticle;
import alknet.pubsub.TopicEvents;
import alknet.pubsub.TopicPolicy;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A server node's call protocol (30-call-protocol.md): the router with this node's operations, the pub/sub bridge,
 * the control channel behind {@code alknet-control:0}, and the token-authenticated raw carriers (TCP/TLS
 * {@code --raw-listen}, WebSocket {@code /call}).
 */
final class ServerCalls {
    private static final long DRAIN_POLL_MILLIS = 100;

    private final Vertx vertx;
    private final ServeOptions options;
    private final CallRouterVerticle router;
    private final PubsubBridgeVerticle pubsub;
    private final TokenAuthenticator tokens;
    private final MeterRegistry meters;
    private RawCallListener raw;
    private HeadCluster head;

    ServerCalls(Vertx vertx, ServeOptions options, MeterRegistry meters, String version, Supplier<AuthConfig> auth) {
        this.vertx = vertx;
        this.options = options;
        this.router = new CallRouterVerticle(new CallRouterOptions().setMaxFrame(options.maxFrame()),
                new MicrometerCallMetrics(meters), version);
        this.pubsub = new PubsubBridgeVerticle(TopicPolicy.BY_SCOPE);
        this.tokens = new VerifiedTokenAuthenticator(new TokenVerifier(Clock.systemUTC()), auth);
        this.meters = meters;
        router.addConnectionListener(pubsub::attach);
    }

    /**
     * Deploys router and bridge, joins the head cluster (or runs as a single head), puts the control channel behind
     * its reserved name, binds the raw carrier.
     */
    Future<Void> start(ReservedTargets reserved, Consumer<String> deployed) {
        return vertx.deployVerticle(router).onSuccess(deployed::accept)
                .compose(id -> vertx.deployVerticle(pubsub)).onSuccess(deployed::accept)
                .compose(id -> startHead())
                .compose(v -> {
                    reserved.register(new ControlChannelTarget(router));
                    return startRaw();
                });
    }

    private Future<Void> startHead() {
        Optional<HazelcastInstance> hazelcast = ClusteredVertx.hazelcast(vertx);
        if (hazelcast.isEmpty() && options.cluster().enabled()) {
            return Future.failedFuture(new IllegalArgumentException("cluster mode needs a clustered Vert.x: create it"
                    + " with AlknetVertx.createClustered(options.cluster())"));
        }
        Future<HeadCluster> started = hazelcast.isEmpty()
                ? HeadCluster.start(vertx, router, new SingleHead(), new LocalNodeDirectory(), meters)
                : vertx.executeBlocking(() -> new Membership(new HazelcastMembers(hazelcast.get(), options.cluster()),
                        HazelcastNodeDirectory.open(vertx, hazelcast.get())))
                .compose(m -> HeadCluster.start(vertx, router, m.members(), m.directory(), meters));
        return started.onSuccess(h -> head = h).mapEmpty();
    }

    /** A clustered head's view of the cluster, made off the event loop. */
    private record Membership(ClusterMembers members, NodeDirectory directory) {}

    /** True when this head runs in a cluster: /readyz then checks that it joined. */
    boolean clustered() {
        return ClusteredVertx.hazelcast(vertx).isPresent();
    }

    /**
     * Shutdown: the head's workers leave the cluster map (no head routes here any more), then every control
     * connection closes as soon as no call runs on it, so its channel does not hold the SSH drain up and workers
     * reconnect elsewhere.
     */
    Future<Void> drain(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Future<Void> left = head == null ? Future.succeededFuture() : head.leave();
        Promise<Void> drained = Promise.promise();
        left.onComplete(v -> closeIdleConnections(deadline, drained));
        return drained.future();
    }

    private void closeIdleConnections(long deadline, Promise<Void> drained) {
        router.connections().stream().filter(c -> c.pendingCount() == 0 && c.runningCount() == 0)
                .forEach(CallConnection::close);
        if (router.connections().isEmpty() || System.nanoTime() >= deadline) {
            drained.tryComplete();
        } else {
            vertx.setTimer(DRAIN_POLL_MILLIS, id -> closeIdleConnections(deadline, drained));
        }
    }

    private Future<Void> startRaw() {
        if (!options.rawEnabled()) {
            return Future.succeededFuture();
        }
        TlsFiles tls = options.rawTls();
        RawListenerOptions rawOptions = tls == null ? RawListenerOptions.tcp(options.rawHost(), options.rawPort())
                : new RawListenerOptions(options.rawHost(), options.rawPort(), tls.cert(), tls.key());
        raw = new RawCallListener(vertx, rawOptions, tokens, router);
        return raw.listen().mapEmpty();
    }

    /** The WebSocket services every ws/wss listener serves beside SSH. */
    Map<String, Handler<ServerWebSocket>> webSocketPaths() {
        return Map.of(WebSocketCallHandler.PATH, new WebSocketCallHandler(tokens, router));
    }

    Operations registry() {
        return router.registry();
    }

    List<CallPeer> peers() {
        return List.copyOf(router.connections());
    }

    void publish(String topic, String type, Object payload) {
        TopicEvents.publish(vertx.eventBus(), topic, type, payload);
    }

    Future<EventSubscription> onEvent(String topic, Handler<TopicEvent> handler) {
        MessageConsumer<JsonObject> consumer = TopicEvents.subscribe(vertx.eventBus(), topic, handler);
        return consumer.completion().map(v -> consumer::unregister);
    }

    int rawPort() {
        return raw == null ? -1 : raw.actualPort();
    }

    Future<Void> stopRaw() {
        return raw == null ? Future.succeededFuture() : raw.close();
    }
}
