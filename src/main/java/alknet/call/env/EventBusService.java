package alknet.call.env;

import alknet.api.CallErrorCode;
import alknet.api.CallFailure;
import alknet.api.AbortSignal;
import alknet.call.operation.CallRequest;
import alknet.call.operation.CallSink;
import alknet.call.operation.CallTarget;
import alknet.call.registry.OperationDispatcher;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Serves calls on the event bus for any member's {@link EventBusRoute} (30-call-protocol.md section 4, path 2):
 * one namespace of a dispatcher's operations at {@code alknet.svc.<namespace>}, or any {@link CallTarget} at
 * addresses of its own (a head's workers). {@code localOnly} keeps the service inside this JVM
 * ({@code localConsumer}: the secret service).
 */
public final class EventBusService {
    private final Vertx vertx;
    private final BusAddresses addresses;
    private final CallTarget target;
    private final Map<String, AbortSignal> running = new ConcurrentHashMap<>();
    private MessageConsumer<JsonObject> requests;
    private MessageConsumer<JsonObject> aborts;

    private EventBusService(Vertx vertx, BusAddresses addresses, CallTarget target) {
        this.vertx = vertx;
        this.addresses = addresses;
        this.target = target;
    }

    /** Serves {@code namespace} of {@code dispatcher}'s operations at {@code alknet.svc.<namespace>}. */
    public static Future<EventBusService> bind(Vertx vertx, String namespace, OperationDispatcher dispatcher,
                                               boolean localOnly) {
        return bind(vertx, BusAddresses.namespace(namespace), dispatcher, localOnly);
    }

    /** Registers the service; the future completes once the registration is visible (cluster-wide unless local). */
    public static Future<EventBusService> bind(Vertx vertx, BusAddresses addresses, CallTarget target,
                                               boolean localOnly) {
        EventBusService service = new EventBusService(vertx, addresses, target);
        EventBus bus = vertx.eventBus();
        service.requests = localOnly ? bus.localConsumer(addresses.requests(), service::onRequest)
                : bus.consumer(addresses.requests(), service::onRequest);
        service.aborts = localOnly ? bus.localConsumer(addresses.aborts(), service::onAbort)
                : bus.consumer(addresses.aborts(), service::onAbort);
        return Future.all(service.requests.completion(), service.aborts.completion()).map(service);
    }

    public Future<Void> unbind() {
        running.values().forEach(a -> a.abort(CallFailure.of(CallErrorCode.UNAVAILABLE, addresses.description()
                + " stopped; retry")));
        return Future.all(requests.unregister(), aborts.unregister()).mapEmpty();
    }

    /** Calls running here now. */
    public int runningCount() {
        return running.size();
    }

    private void onRequest(Message<JsonObject> message) {
        JsonObject body = message.body();
        String requestId = body.getString("requestId", "");
        CallRequest request;
        try {
            request = CallRequest.fromPayload(requestId, body);
        } catch (IllegalArgumentException | ClassCastException e) {
            message.reply(BusMessages.error(requestId, CallFailure.of(CallErrorCode.VALIDATION_ERROR, e.getMessage())));
            return;
        }
        AbortSignal abort = new AbortSignal();
        running.put(requestId, abort);
        String stream = body.getString("stream");
        long timer = request.deadline() > 0 ? vertx.setTimer(Math.max(1, request.deadline() - System.currentTimeMillis()),
                id -> abort.abort(CallFailure.of(CallErrorCode.TIMEOUT, request.operationId() + " passed its deadline"))) : -1;
        Runnable done = () -> {
            running.remove(requestId, abort);
            if (timer >= 0) {
                vertx.cancelTimer(timer);
            }
        };
        abort.onAbort(reason -> done.run());
        if (stream != null) {
            message.reply(new JsonObject().put("accepted", true));
        }
        target.dispatch(IdentityJson.fromJson(body.getJsonObject("caller")), null, request, abort,
                stream == null ? replySink(message, requestId, done) : streamSink(stream, requestId, done));
    }

    private CallSink replySink(Message<JsonObject> message, String requestId, Runnable done) {
        return new CallSink() {
            @Override
            public void event(Object event) {
                failed(CallFailure.of(CallErrorCode.VALIDATION_ERROR, "a subscription was called without a stream;"
                        + " use subscribe"));
            }

            @Override
            public void result(Object output) {
                done.run();
                message.reply(BusMessages.output(output));
            }

            @Override
            public void completed() {
                result(null);
            }

            @Override
            public void failed(CallFailure failure) {
                done.run();
                message.reply(BusMessages.error(requestId, failure));
            }
        };
    }

    private CallSink streamSink(String stream, String requestId, Runnable done) {
        EventBus bus = vertx.eventBus();
        return new CallSink() {
            @Override
            public void event(Object event) {
                bus.send(stream, BusMessages.event(event));
            }

            @Override
            public void result(Object output) {
                event(output);
                completed();
            }

            @Override
            public void completed() {
                done.run();
                bus.send(stream, BusMessages.completed());
            }

            @Override
            public void failed(CallFailure failure) {
                done.run();
                bus.send(stream, BusMessages.error(requestId, failure));
            }
        };
    }

    private void onAbort(Message<JsonObject> message) {
        AbortSignal abort = running.get(message.body().getString("requestId", ""));
        if (abort != null) {
            abort.abort(CallFailure.of(CallErrorCode.ABORTED, "the caller aborted the call"));
        }
    }
}
