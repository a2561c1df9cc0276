package alknet.pubsub;

import alknet.Addresses;
import alknet.call.CallConnection;
import alknet.call.frame.Envelope;
import alknet.call.frame.EnvelopeTypes;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The pub/sub side of one connection (30-call-protocol.md section 5), in the manner of Vert.x's TCP event-bus
 * bridge: one map of event-bus consumers for this connection, torn down on every close path. Peer events are
 * published at {@code alknet.topic.T}; what is published there reaches the peer in order, at most once: while
 * the connection's write queue is full events are dropped, then one {@code __dropped} event says how many.
 * Used on the connection's context only ({@link #consumerCount} may be read anywhere).
 */
final class PeerTopics {
    private static final Logger LOG = LoggerFactory.getLogger(PeerTopics.class);
    /** Key of the broadcast consumer in {@link #consumers}; the empty topic never has a consumer of its own. */
    private static final String BROADCAST = "";

    private final CallConnection connection;
    private final EventBus bus;
    private final TopicPolicy policy;
    private final Map<String, TypeFilter> filters = new HashMap<>();
    private final Map<String, MessageConsumer<JsonObject>> consumers = new ConcurrentHashMap<>();
    private long dropped;
    private Runnable drainLink = () -> {};
    private boolean closed;

    PeerTopics(CallConnection connection, EventBus bus, TopicPolicy policy) {
        this.connection = connection;
        this.bus = bus;
        this.policy = policy;
    }

    void start() {
        connection.peerEnvelopeHandler(this::onEnvelope);
        drainLink = connection.addDrainListener(v -> flushDropped());
    }

    private void onEnvelope(Envelope envelope) {
        if (closed) {
            return;
        }
        switch (envelope.type()) {
            case EnvelopeTypes.SUBSCRIBE -> subscribe(envelope.id(), envelope.payloadObject().getValue("types"));
            case EnvelopeTypes.UNSUBSCRIBE -> unsubscribe(envelope.id(), envelope.payloadObject().getValue("types"));
            default -> {
                if (EnvelopeTypes.isEvent(envelope.type())) {
                    publish(envelope);
                } // other "__" types are not ours: ignored (forward compatibility)
            }
        }
    }

    private void publish(Envelope event) {
        if (!policy.canPublish(connection.peer(), event.id())) {
            refuse(event.id(), "publish", "ACCESS_DENIED", "publishing needs scope pubsub:publish and the topic in resources.topic");
            return;
        }
        TopicEvents.publish(bus, event.id(), event.type(), event.payload());
    }

    private void subscribe(String topic, Object types) {
        TypeFilter filter;
        try {
            filter = TypeFilter.parse(types);
        } catch (IllegalArgumentException e) {
            refuse(topic, EnvelopeTypes.SUBSCRIBE, "VALIDATION_ERROR", e.getMessage());
            return;
        }
        if (!policy.canSubscribe(connection.peer(), topic)) {
            refuse(topic, EnvelopeTypes.SUBSCRIBE, "ACCESS_DENIED", "subscribing needs scope pubsub:subscribe and the topic in resources.topic");
            return;
        }
        filters.put(topic, filter);
        List<Future<Void>> registered = new ArrayList<>();
        if (!topic.isEmpty() && !consumers.containsKey(topic)) {
            registered.add(register(topic, false));
        }
        if (!consumers.containsKey(BROADCAST)) {
            registered.add(register(BROADCAST, true));
        }
        Future.all(registered).onComplete(ar -> {
            if (!closed) {
                connection.send(new Envelope(EnvelopeTypes.SUBSCRIBED, topic, new JsonObject()));
            }
        });
    }

    private Future<Void> register(String topic, boolean broadcast) {
        MessageConsumer<JsonObject> consumer = bus.consumer(Addresses.topic(topic), m -> deliver(topic, m.body(), broadcast));
        consumers.put(topic, consumer);
        return consumer.completion();
    }

    private void unsubscribe(String topic, Object types) {
        TypeFilter current = filters.get(topic);
        if (current == null) {
            return;
        }
        TypeFilter left;
        try {
            TypeFilter removed = TypeFilter.parse(types);
            if (!removed.all() && current.all()) {
                refuse(topic, EnvelopeTypes.UNSUBSCRIBE, "VALIDATION_ERROR", "this subscription takes all types; unsubscribe without \"types\""
                        + " and subscribe again with the types you want");
                return;
            }
            left = removed.all() ? null : current.without(removed.types());
        } catch (IllegalArgumentException e) {
            refuse(topic, EnvelopeTypes.UNSUBSCRIBE, "VALIDATION_ERROR", e.getMessage());
            return;
        }
        if (left != null) {
            filters.put(topic, left);
            return;
        }
        filters.remove(topic);
        unregister(topic.isEmpty() ? null : topic);
        if (filters.isEmpty()) {
            unregister(BROADCAST);
        }
    }

    private void unregister(String key) {
        MessageConsumer<JsonObject> consumer = key == null ? null : consumers.remove(key);
        if (consumer != null) {
            consumer.unregister();
        }
    }

    private void deliver(String topic, JsonObject body, boolean broadcast) {
        if (closed || body == null || !(body.getValue("type") instanceof String type) || !EnvelopeTypes.isEvent(type)) {
            return;
        }
        boolean wanted = broadcast ? filters.values().stream().anyMatch(f -> f.accepts(type))
                : filters.containsKey(topic) && filters.get(topic).accepts(type);
        if (!wanted) {
            return;
        }
        if (connection.writeQueueFull()) {
            dropped++;
            return;
        }
        flushDropped();
        connection.send(new Envelope(type, topic, body.getValue("payload")));
    }

    private void flushDropped() {
        if (dropped > 0 && !closed && !connection.writeQueueFull()) {
            long count = dropped;
            dropped = 0;
            connection.send(new Envelope(EnvelopeTypes.DROPPED, "", new JsonObject().put("count", count)));
        }
    }

    /** {@code __error} with the refused request ({@code publish}, {@code __subscribe}, ...), code and message. */
    private void refuse(String topic, String request, String code, String message) {
        LOG.debug("pub/sub {} refused code={}", request, code);
        connection.send(new Envelope(EnvelopeTypes.ERROR, topic, new JsonObject().put("request", request)
                .put("code", code).put("message", message)));
    }

    /** Ends every subscription of this connection; safe to call more than once. */
    void close() {
        if (closed) {
            return;
        }
        closed = true;
        consumers.values().forEach(MessageConsumer::unregister);
        consumers.clear();
        filters.clear();
        drainLink.run();
    }

    int consumerCount() {
        return consumers.size();
    }
}
