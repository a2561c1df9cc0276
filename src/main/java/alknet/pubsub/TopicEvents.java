package alknet.pubsub;

import alknet.api.TopicEvent;
import io.vertx.core.Handler;
import io.vertx.core.eventbus.MessageConsumer;
import alknet.Addresses;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;

/**
 * Topic events on the event bus (30-call-protocol.md section 5): topic {@code T} is published at
 * {@code alknet.topic.T} as {@code {"type", "payload"}}; the empty topic is the broadcast address. Local code and
 * other cluster members publish this way and every subscribed peer receives it.
 */
public final class TopicEvents {
    private TopicEvents() {}

    public static void publish(EventBus bus, String topic, String type, Object payload) {
        bus.publish(Addresses.topic(topic), body(type, payload));
    }

    /** Local code's subscription to {@code topic}; unregister the consumer to stop. */
    public static MessageConsumer<JsonObject> subscribe(EventBus bus, String topic, Handler<TopicEvent> handler) {
        return bus.<JsonObject>consumer(Addresses.topic(topic),
                msg -> handler.handle(new TopicEvent(topic, msg.body().getString("type"), msg.body().getValue("payload"))));
    }

    static JsonObject body(String type, Object payload) {
        return new JsonObject().put("type", type).put("payload", payload);
    }
}
