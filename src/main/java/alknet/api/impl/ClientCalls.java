package alknet.api.impl;

import alknet.api.AccessControl;
import alknet.api.CallErrorCode;
import alknet.api.CallFailure;
import alknet.api.CallOptions;
import alknet.api.CallSubscription;
import alknet.api.EventSubscription;
import alknet.api.Identity;
import alknet.api.OperationHandler;
import alknet.api.OperationSpec;
import alknet.api.Operations;
import alknet.api.SubscriptionHandler;
import alknet.api.TopicEvent;
import alknet.call.CallConnection;
import alknet.call.CallRouterVerticle;
import alknet.call.ControlChannelTarget;
import alknet.call.frame.Envelope;
import alknet.client.ClientSessionVerticle;
import alknet.client.TunnelOpener;
import alknet.pubsub.TopicClient;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A client's side of the call protocol (30-call-protocol.md section 6): the control channel ({@code direct-tcpip} to
 * {@code alknet-control:0}) is opened on first use, or as soon as the client has operations the server may call, and
 * again after every reconnect, with the topic subscriptions renewed. Calls from the server run as the server's
 * identity with every scope: the client verified it by its host key and registered its operations for it.
 */
final class ClientCalls {
    private final ClientSessionVerticle session;
    private final TunnelOpener opener;
    private final CallRouterVerticle router;
    private final Map<String, List<Handler<TopicEvent>>> topics = new ConcurrentHashMap<>();
    private final Operations operations;
    /** Operations the application registered (the built-ins alone do not keep a control channel open). */
    private final java.util.Set<String> ownOperations = ConcurrentHashMap.newKeySet();
    /** Told after every change to the registry (a worker registers its operations with its head again). */
    private final List<Runnable> changeListeners = new CopyOnWriteArrayList<>();
    private Context home;
    private Future<Connection> current;

    /** One control channel and its pub/sub side. */
    private record Connection(CallConnection calls, TopicClient topics) {}

    ClientCalls(ClientSessionVerticle session, TunnelOpener opener, CallRouterVerticle router) {
        this.session = session;
        this.opener = opener;
        this.router = router;
        this.operations = new Operations() {
            @Override
            public void register(OperationSpec spec, OperationHandler handler) {
                router.registry().register(spec, handler);
                ownOperations.add(spec.name());
                keepOpen();
                changed();
            }

            @Override
            public void register(OperationSpec spec, SubscriptionHandler handler) {
                router.registry().register(spec, handler);
                ownOperations.add(spec.name());
                keepOpen();
                changed();
            }

            @Override
            public boolean unregister(String name) {
                ownOperations.remove(name);
                boolean removed = router.registry().unregister(name);
                if (removed) {
                    changed();
                }
                return removed;
            }

            @Override
            public Optional<OperationSpec> spec(String name) {
                return router.registry().spec(name);
            }

            @Override
            public List<OperationSpec> specs() {
                return router.registry().specs();
            }
        };
    }

    /**
     * Call once the session verticle is deployed: from then on every reconnect of this session (not of another client
     * in the same Vert.x) reopens a needed control channel.
     */
    void start() {
        home = session.homeContext();
        session.onStateChange(state -> {
            if (!"down".equals(state) && needsChannel()) {
                onHome(() -> connection());
            }
        });
    }

    /** Runs {@code listener} after each registration or removal of an operation. */
    void onOperationsChanged(Runnable listener) {
        changeListeners.add(listener);
    }

    private void changed() {
        changeListeners.forEach(Runnable::run);
    }

    Operations registry() {
        return operations;
    }

    Future<Object> call(String operationId, Object input, CallOptions options) {
        return connection().compose(c -> c.calls().call(operationId, input, options));
    }

    Future<CallSubscription> subscribe(String operationId, Object input, CallOptions options) {
        return connection().map(c -> c.calls().subscribe(operationId, input, options));
    }

    /**
     * Publishes, then waits for a {@code /node/ping} round trip: the connection is ordered, so a refusal of the publish
     * ({@code __error}) arrives before the pong and fails the future.
     */
    Future<Void> publish(String topic, String type, Object payload) {
        return connection().compose(c -> {
            Promise<Void> refused = Promise.promise();
            c.topics().errorHandler(e -> refused.tryFail(refusal(e)));
            return c.topics().publish(topic, type, payload)
                    .compose(v -> c.calls().call("/node/ping", new io.vertx.core.json.JsonObject()))
                    .compose(pong -> refused.future().isComplete() ? refused.future() : Future.<Void>succeededFuture())
                    .eventually(() -> {
                        c.topics().errorHandler(e -> { });
                        return Future.succeededFuture();
                    });
        });
    }

    Future<EventSubscription> onEvent(String topic, Handler<TopicEvent> handler) {
        boolean first = topics.computeIfAbsent(topic, t -> new CopyOnWriteArrayList<>()).isEmpty();
        topics.get(topic).add(handler);
        Future<Void> subscribed = first ? connection().compose(c -> c.topics().subscribe(topic, null))
                : connection().mapEmpty();
        return subscribed.<EventSubscription>map(v -> () -> cancel(topic, handler))
                .onFailure(e -> topics.getOrDefault(topic, List.of()).remove(handler));
    }

    private Future<Void> cancel(String topic, Handler<TopicEvent> handler) {
        List<Handler<TopicEvent>> handlers = topics.getOrDefault(topic, List.of());
        handlers.remove(handler);
        if (!handlers.isEmpty()) {
            return Future.succeededFuture();
        }
        topics.remove(topic);
        Future<Connection> c = current;
        return c == null || !c.succeeded() ? Future.succeededFuture() : c.result().topics().unsubscribe(topic, null);
    }

    private boolean needsChannel() {
        return !ownOperations.isEmpty() || !topics.isEmpty();
    }

    private void keepOpen() {
        if (home != null && session.connected()) {
            onHome(this::connection);
        }
    }

    /** The open control channel, or one being opened on the session's event loop. */
    private Future<Connection> connection() {
        Promise<Connection> result = Promise.promise();
        onHome(() -> {
            Future<Connection> c = current;
            if (c == null || c.failed() || c.succeeded() && !c.result().calls().isOpen()) {
                c = open();
                current = c;
            }
            c.onComplete(result);
        });
        return result.future();
    }

    private Future<Connection> open() {
        return opener.open(ControlChannelTarget.NAME, 0).map(channel -> {
            Identity server = new Identity(String.valueOf(session.serverKeyFingerprint()), List.of(AccessControl.ALL_SCOPES),
                    Map.of());
            CallConnection calls = router.serve(channel, server);
            TopicClient topicClient = new TopicClient(calls).eventHandler(this::deliver);
            Connection connection = new Connection(calls, topicClient);
            topics.keySet().forEach(topic -> topicClient.subscribe(topic, null));
            return connection;
        }).recover(e -> Future.failedFuture(CallFailure.of(CallErrorCode.UNAVAILABLE,
                "no control channel to the server: " + e.getMessage())));
    }

    private void deliver(Envelope event) {
        TopicEvent e = new TopicEvent(event.id(), event.type(), event.payload());
        topics.getOrDefault(event.id(), List.of()).forEach(h -> h.handle(e));
        if (!event.id().isEmpty()) {
            topics.getOrDefault("", List.of()).forEach(h -> h.handle(e));
        }
    }

    private static CallFailure refusal(Envelope error) {
        return CallFailure.fromPayload(error.payloadObject());
    }

    private void onHome(Runnable action) {
        Context context = home;
        if (context == null || Vertx.currentContext() == context) {
            action.run();
        } else {
            context.runOnContext(v -> action.run());
        }
    }
}
