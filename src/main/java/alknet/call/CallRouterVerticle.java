package alknet.call;

import alknet.api.Identity;
import alknet.call.carrier.FrameCarrier;
import alknet.call.carrier.StreamFrameCarrier;
import alknet.call.metrics.CallMetrics;
import alknet.call.operation.CallRouterOptions;
import alknet.call.registry.BuiltinOperations;
import alknet.call.registry.NodeInfo;
import alknet.call.registry.OperationDispatcher;
import alknet.call.registry.OperationRegistry;
import alknet.stream.DuplexConnection;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The call-protocol router of a node (30-call-protocol.md, 00-overview.md): the operation registry with the
 * built-ins, the dispatcher and its namespace routes, and every control connection served here. Carriers hand
 * it authenticated connections through {@link #serve}; connection listeners (the pub/sub bridge) see each one.
 * Undeploying closes every connection.
 */
public final class CallRouterVerticle extends VerticleBase {
    public static final String DEFAULT_VERSION = "dev";

    private final CallRouterOptions options;
    private final CallMetrics metrics;
    private final String version;
    private final OperationRegistry registry = new OperationRegistry();
    private final Set<CallConnection> connections = ConcurrentHashMap.newKeySet();
    private final List<Consumer<CallConnection>> listeners = new CopyOnWriteArrayList<>();
    private volatile OperationDispatcher dispatcher;

    /** Default options, no metrics, version {@value #DEFAULT_VERSION}. */
    public CallRouterVerticle() {
        this(new CallRouterOptions(), CallMetrics.NONE, DEFAULT_VERSION);
    }

    /**
     * @param options copied now
     * @param metrics e.g. {@code new MicrometerCallMetrics(meterRegistry)}
     * @param version reported by {@code /node/info}
     */
    public CallRouterVerticle(CallRouterOptions options, CallMetrics metrics, String version) {
        this.options = new CallRouterOptions(options);
        this.metrics = metrics;
        this.version = version;
    }

    @Override
    public Future<?> start() {
        dispatcher = new OperationDispatcher(vertx, registry, options, metrics);
        // The host name may need DNS: look it up off the event loop.
        return vertx.executeBlocking(() -> NodeInfo.detect(version))
                .map(node -> {
                    BuiltinOperations.register(registry, node, () -> dispatcher.forwarded());
                    return null;
                });
    }

    @Override
    public Future<?> stop() {
        return Future.join(connections.stream().map(CallConnection::close).toList());
    }

    /** The node's operations; register before or after deployment. */
    public OperationRegistry registry() {
        return registry;
    }

    /** Runs operations and owns the namespace routes; available once deployed. */
    public OperationDispatcher dispatcher() {
        OperationDispatcher d = dispatcher;
        if (d == null) {
            throw new IllegalStateException("deploy the CallRouterVerticle before serving or calling through it");
        }
        return d;
    }

    public CallRouterOptions options() {
        return new CallRouterOptions(options);
    }

    /**
     * Serves the call protocol on an authenticated byte stream, e.g. the SSH {@code alknet-control:0} channel
     * (length-prefixed frames). Call it on the stream's context.
     *
     * @param peer the session's identity; every call from the peer runs as it
     */
    public CallConnection serve(DuplexConnection channel, Identity peer) {
        return serve(new StreamFrameCarrier(channel, options.maxFrame()), peer);
    }

    /** Serves the call protocol on any carrier (WebSocket, raw TCP after {@code __auth}). */
    public CallConnection serve(FrameCarrier carrier, Identity peer) {
        CallConnection connection = CallConnection.open(carrier, peer, dispatcher(), options);
        connections.add(connection);
        connection.closed().onComplete(v -> connections.remove(connection));
        listeners.forEach(l -> l.accept(connection));
        return connection;
    }

    /** {@code listener} sees every connection served from now on (the pub/sub bridge attaches this way). */
    public CallRouterVerticle addConnectionListener(Consumer<CallConnection> listener) {
        listeners.add(listener);
        return this;
    }

    public boolean removeConnectionListener(Consumer<CallConnection> listener) {
        return listeners.remove(listener);
    }

    /** Open connections right now. */
    public Set<CallConnection> connections() {
        return Set.copyOf(connections);
    }
}
