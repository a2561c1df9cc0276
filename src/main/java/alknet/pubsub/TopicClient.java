package alknet.pubsub;

import alknet.call.CallConnection;
import alknet.api.CallErrorCode;
import alknet.api.CallFailure;
import alknet.call.frame.Envelope;
import alknet.call.frame.EnvelopeTypes;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The peer side of pub/sub on one connection (30-call-protocol.md section 5): publish events, subscribe to
 * topics (the future completes once the other side confirms with {@code __subscribed}), receive events and
 * {@code __dropped} counts. Takes over the connection's peer-envelope handler.
 */
public final class TopicClient {
    private final CallConnection connection;
    private final Map<String, Queue<Promise<Void>>> awaitingAck = new ConcurrentHashMap<>();
    private volatile Handler<Envelope> eventHandler = e -> {};
    private volatile Handler<Long> droppedHandler = n -> {};
    private volatile Handler<Envelope> errorHandler = e -> {};

    public TopicClient(CallConnection connection) {
        this.connection = connection;
        connection.peerEnvelopeHandler(this::onEnvelope);
        connection.closed().onComplete(v -> failAll());
    }

    /** Publishes one event; {@code type} must be an event type (not {@code call.*} or {@code __*}). */
    public Future<Void> publish(String topic, String type, Object payload) {
        if (!EnvelopeTypes.isEvent(type)) {
            throw new IllegalArgumentException("event type '" + type + "' must not start with call. or __");
        }
        return connection.send(new Envelope(type, topic, payload));
    }

    /** Subscribes to {@code topic} ({@code types} null = all); fails with ACCESS_DENIED when refused. */
    public Future<Void> subscribe(String topic, List<String> types) {
        Promise<Void> acked = Promise.promise();
        awaitingAck.computeIfAbsent(topic, t -> new ConcurrentLinkedQueue<>()).add(acked);
        JsonObject payload = types == null ? new JsonObject() : new JsonObject().put("types", new JsonArray(types));
        connection.send(new Envelope(EnvelopeTypes.SUBSCRIBE, topic, payload)).onFailure(e -> fail(topic,
                CallFailure.of(CallErrorCode.UNAVAILABLE, "the connection is closed")));
        return acked.future();
    }

    public Future<Void> unsubscribe(String topic, List<String> types) {
        JsonObject payload = types == null ? new JsonObject() : new JsonObject().put("types", new JsonArray(types));
        return connection.send(new Envelope(EnvelopeTypes.UNSUBSCRIBE, topic, payload));
    }

    /** Events: {@code type} is the event type, {@code id} the topic. */
    public TopicClient eventHandler(Handler<Envelope> handler) {
        this.eventHandler = handler;
        return this;
    }

    /** Told how many events the other side dropped because we did not read fast enough. */
    public TopicClient droppedHandler(Handler<Long> handler) {
        this.droppedHandler = handler;
        return this;
    }

    /** Refusals other than of a subscribe (a publish without permission): {@code __error} envelopes. */
    public TopicClient errorHandler(Handler<Envelope> handler) {
        this.errorHandler = handler;
        return this;
    }

    private void onEnvelope(Envelope envelope) {
        switch (envelope.type()) {
            case EnvelopeTypes.SUBSCRIBED -> complete(envelope.id());
            case EnvelopeTypes.ERROR -> {
                if (EnvelopeTypes.SUBSCRIBE.equals(envelope.payloadObject().getString("request"))) {
                    fail(envelope.id(), CallFailure.fromPayload(envelope.payloadObject()));
                } else {
                    errorHandler.handle(envelope);
                }
            }
            case EnvelopeTypes.DROPPED -> droppedHandler.handle(envelope.payloadObject().getLong("count", 0L));
            default -> {
                if (EnvelopeTypes.isEvent(envelope.type())) {
                    eventHandler.handle(envelope);
                }
            }
        }
    }

    private Promise<Void> next(String topic) {
        Queue<Promise<Void>> queue = awaitingAck.get(topic);
        return queue == null ? null : queue.poll();
    }

    private void complete(String topic) {
        Promise<Void> acked = next(topic);
        if (acked != null) {
            acked.tryComplete();
        }
    }

    private void fail(String topic, CallFailure failure) {
        Promise<Void> acked = next(topic);
        if (acked != null) {
            acked.tryFail(failure);
        }
    }

    private void failAll() {
        CallFailure gone = CallFailure.of(CallErrorCode.UNAVAILABLE, "the connection closed");
        awaitingAck.values().forEach(q -> q.forEach(p -> p.tryFail(gone)));
        awaitingAck.clear();
    }
}
