package alknet.call.env;

import alknet.api.Identity;
import alknet.api.CallFailure;
import alknet.api.CallOptions;
import alknet.call.operation.CallRequest;
import alknet.call.operation.CallRouterOptions;
import alknet.api.CallSubscription;
import alknet.call.operation.PendingCall;
import alknet.call.operation.PendingSubscription;
import alknet.call.operation.Route;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Calls a namespace served by an {@link EventBusService} on any cluster member (30-call-protocol.md section 4,
 * path 2). The caller's identity travels with the call; a timeout or abort is published to
 * {@code alknet.svc.<namespace>.abort} so the member running it stops. A subscription's events come to a
 * per-subscription consumer that is removed when the subscription ends.
 */
public final class EventBusRoute implements Route {
    /** The bus's own timeout lags the deadline, so the deadline timer decides and sends the abort. */
    private static final long BUS_TIMEOUT_SLACK_MILLIS = 1_000;

    private final Vertx vertx;
    private final BusAddresses addresses;
    private final CallRouterOptions options;
    private final Map<String, MessageConsumer<JsonObject>> streams = new ConcurrentHashMap<>();

    public EventBusRoute(Vertx vertx, String namespace, CallRouterOptions options) {
        this(vertx, BusAddresses.namespace(namespace), options);
    }

    public EventBusRoute(Vertx vertx, BusAddresses addresses, CallRouterOptions options) {
        this.vertx = vertx;
        this.addresses = addresses;
        this.options = new CallRouterOptions(options);
    }

    @Override
    public Future<Object> invoke(Identity caller, String operationId, Object input, CallOptions callOptions) {
        String requestId = UUID.randomUUID().toString();
        long deadline = callOptions.resolveDeadline(System.currentTimeMillis(), false, options.defaultTimeout());
        PendingCall call = PendingCall.start(vertx, requestId, operationId, deadline, callOptions.parentAbort(),
                reason -> publishAbort(requestId), () -> {});
        if (call.settled()) {
            return call.future();
        }
        DeliveryOptions delivery = new DeliveryOptions()
                .setSendTimeout(Math.max(1, deadline - System.currentTimeMillis()) + BUS_TIMEOUT_SLACK_MILLIS);
        vertx.eventBus().<JsonObject>request(addresses.requests(),
                BusMessages.request(request(requestId, operationId, input, deadline, 0, callOptions), caller, null), delivery)
                .onComplete(ar -> {
                    if (ar.failed()) {
                        call.fail(BusMessages.failure(ar.cause(), addresses.description()));
                        return;
                    }
                    JsonObject reply = ar.result().body();
                    if (reply.containsKey("error")) {
                        call.fail(CallFailure.fromPayload(reply.getJsonObject("error")));
                    } else {
                        call.respond(reply.getValue("output"));
                    }
                });
        return call.future();
    }

    @Override
    public CallSubscription subscribe(Identity caller, String operationId, Object input, CallOptions callOptions) {
        String requestId = UUID.randomUUID().toString();
        String streamAddress = BusMessages.STREAM_PREFIX + requestId;
        long deadline = callOptions.resolveDeadline(System.currentTimeMillis(), true, options.defaultTimeout());
        PendingSubscription subscription = PendingSubscription.start(vertx, requestId, operationId, deadline,
                callOptions.idleTimeoutMillis(), callOptions.parentAbort(), options.subscriptionBuffer(),
                reason -> publishAbort(requestId), () -> closeStream(requestId));
        MessageConsumer<JsonObject> consumer = vertx.eventBus().consumer(streamAddress,
                (Message<JsonObject> m) -> onStreamMessage(subscription, m.body()));
        streams.put(requestId, consumer);
        if (subscription.settled()) {
            closeStream(requestId);
            return subscription.stream();
        }
        JsonObject body = BusMessages.request(request(requestId, operationId, input, deadline,
                callOptions.idleTimeoutMillis(), callOptions), caller, streamAddress);
        // Ask only once the stream consumer is registered cluster-wide, so no early event is lost.
        consumer.completion()
                .compose(v -> vertx.eventBus().request(addresses.requests(), body))
                .onFailure(e -> subscription.fail(BusMessages.failure(e, addresses.description())));
        return subscription.stream();
    }

    private static void onStreamMessage(PendingSubscription subscription, JsonObject message) {
        if (message.containsKey("event")) {
            subscription.event(message.getValue("event"));
        } else if (message.containsKey("error")) {
            subscription.fail(CallFailure.fromPayload(message.getJsonObject("error")));
        } else if (message.containsKey("completed")) {
            subscription.complete();
        }
    }

    private void closeStream(String requestId) {
        MessageConsumer<JsonObject> consumer = streams.remove(requestId);
        if (consumer != null) {
            consumer.unregister();
        }
    }

    private void publishAbort(String requestId) {
        vertx.eventBus().publish(addresses.aborts(), new JsonObject().put("requestId", requestId));
    }

    /** Subscriptions with a live stream consumer (tests check that ended ones leave none). */
    public int openStreams() {
        return streams.size();
    }

    private static CallRequest request(String requestId, String operationId, Object input, long deadline, long idle,
                                       CallOptions callOptions) {
        return new CallRequest(requestId, operationId, input, deadline, idle, callOptions.parentRequestId(),
                callOptions.metadata());
    }
}
