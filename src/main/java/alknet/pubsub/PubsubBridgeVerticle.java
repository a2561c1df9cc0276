package alknet.pubsub;

import alknet.call.CallConnection;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bridges connected peers' topics to the event bus (30-call-protocol.md section 5): each attached connection's
 * events are published at {@code alknet.topic.T}, and what is published there from anywhere reaches the peers
 * subscribed to {@code T}. Attach connections as they are served, e.g.
 * {@code callRouter.addConnectionListener(pubsub::attach)}. A connection's consumers go when it closes, and all
 * of them when the verticle is undeployed.
 */
public final class PubsubBridgeVerticle extends VerticleBase {
    private final TopicPolicy policy;
    private final Map<CallConnection, PeerTopics> peers = new ConcurrentHashMap<>();

    /** The spec's scope rule ({@link TopicPolicy#BY_SCOPE}). */
    public PubsubBridgeVerticle() {
        this(TopicPolicy.BY_SCOPE);
    }

    public PubsubBridgeVerticle(TopicPolicy policy) {
        this.policy = policy;
    }

    /** Serves pub/sub on {@code connection} until it closes. The verticle must be deployed. */
    public void attach(CallConnection connection) {
        if (vertx == null) {
            throw new IllegalStateException("deploy the PubsubBridgeVerticle before attaching connections");
        }
        Runnable start = () -> {
            PeerTopics topics = new PeerTopics(connection, vertx.eventBus(), policy);
            peers.put(connection, topics);
            topics.start();
            connection.closed().onComplete(v -> {
                topics.close();
                peers.remove(connection, topics);
            });
        };
        // Consumers deliver on the context that registers them: the connection's, so delivery and writes stay there.
        if (connection.inContext()) {
            start.run();
        } else {
            connection.context().runOnContext(v -> start.run());
        }
    }

    @Override
    public Future<?> stop() {
        return Future.join(peers.entrySet().stream().map(e -> {
            Promise<Void> closed = Promise.promise();
            e.getKey().context().runOnContext(v -> {
                e.getValue().close();
                closed.complete();
            });
            return closed.future();
        }).toList()).onComplete(ar -> peers.clear());
    }

    /** Connections attached now. */
    public int peerCount() {
        return peers.size();
    }

    /** Event-bus consumers held for peers now (tests check that closed connections leave none). */
    public int consumerCount() {
        return peers.values().stream().mapToInt(PeerTopics::consumerCount).sum();
    }
}
