package alknet.api.impl;

import alknet.api.CallOptions;
import alknet.api.CallSubscription;
import alknet.api.EventSubscription;
import alknet.api.Operations;
import alknet.api.TopicEvent;
import alknet.call.CallRouterVerticle;
import alknet.call.metrics.MicrometerCallMetrics;
import alknet.call.operation.CallRouterOptions;
import io.vertx.core.Handler;
import alknet.api.AlknetSession;
import alknet.api.ConnectOptions;
import alknet.auth.PrivateKeyFiles;
import alknet.client.ClientSessionVerticle;
import alknet.api.ForwardSpec;
import alknet.client.KnownHosts;
import alknet.client.LocalForwardVerticle;
import alknet.client.SessionTunnelOpener;
import alknet.api.Tunnel;
import alknet.client.socks.Socks5Credentials;
import alknet.client.socks.Socks5ServerOptions;
import alknet.client.socks.Socks5Verticle;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;

/**
 * Deploys the client verticles: the session (with reconnect), then the SOCKS5 and {@code -L} listeners, which
 * stay bound while the session reconnects.
 */
public final class ClientNode implements AlknetSession {
    private final Vertx vertx;
    private final ConnectOptions options;
    private final ClientSessionVerticle session;
    private final SessionTunnelOpener opener;
    private final List<String> deployments = new ArrayList<>();
    private final List<LocalForwardVerticle> localForwards = new ArrayList<>();
    private final CallRouterVerticle router;
    private final ClientCalls calls;
    private Socks5Verticle socks5;
    private Future<Void> closing;

    private ClientNode(Vertx vertx, ConnectOptions options, KeyPair identity, KnownHosts knownHosts) {
        this.vertx = vertx;
        this.options = options;
        this.session = new ClientSessionVerticle(options, identity, knownHosts);
        this.opener = new SessionTunnelOpener(session);
        this.router = new CallRouterVerticle(new CallRouterOptions(), new MicrometerCallMetrics(meters(vertx)), ServerNode.VERSION);
        this.calls = new ClientCalls(session, opener, router);
    }

    private static io.micrometer.core.instrument.MeterRegistry meters(Vertx vertx) {
        io.micrometer.core.instrument.MeterRegistry registry = VertxMeters.registry(vertx);
        return registry != null ? registry : new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
    }

    public static Future<AlknetSession> start(Vertx vertx, ConnectOptions options) {
        return startNode(vertx, options).map(node -> node);
    }

    static Future<ClientNode> startNode(Vertx vertx, ConnectOptions options) {
        if (options.serverHost() == null) {
            return Future.failedFuture(new IllegalArgumentException("no server given; use --server HOST[:PORT]"));
        }
        return vertx.executeBlocking(() -> new ClientNode(vertx, options,
                        PrivateKeyFiles.load(options.identity(), options.identityPassphrase()), KnownHosts.load(options.knownHosts())))
                .compose(ClientNode::deploy);
    }

    private Future<ClientNode> deploy() {
        Future<Void> chain = vertx.deployVerticle(router).onSuccess(deployments::add)
                .compose(id -> vertx.deployVerticle(session)).onSuccess(deployments::add)
                .onSuccess(id -> calls.start()).mapEmpty();
        if (options.socks5Enabled()) {
            Socks5ServerOptions socksOptions = new Socks5ServerOptions().setHost(options.socks5Host()).setPort(options.socks5Port());
            if (options.socks5User() != null) {
                socksOptions.setCredentials(new Socks5Credentials(options.socks5User(), options.socks5Password()));
            }
            chain = chain.compose(v -> {
                socks5 = new Socks5Verticle(socksOptions, opener, session.homeContext());
                return vertx.deployVerticle(socks5);
            }).onSuccess(deployments::add).mapEmpty();
        }
        for (ForwardSpec spec : options.localForwards()) {
            chain = chain.compose(v -> {
                LocalForwardVerticle forward = new LocalForwardVerticle(spec, localForwards.size() + 1, opener, session.homeContext());
                localForwards.add(forward);
                return vertx.deployVerticle(forward);
            }).onSuccess(deployments::add).mapEmpty();
        }
        return chain.map(v -> this).recover(e -> close().transform(ignored -> Future.failedFuture(e)));
    }

    @Override
    public Future<Tunnel> openChannel(String host, int port) {
        return opener.open(host, port).map(TunnelAdapter::new);
    }

    @Override
    public Operations registry() {
        return calls.registry();
    }

    @Override
    public Future<Object> call(String operationId, Object input, CallOptions options) {
        return calls.call(operationId, input, options);
    }

    @Override
    public Future<CallSubscription> subscribe(String operationId, Object input, CallOptions options) {
        return calls.subscribe(operationId, input, options);
    }

    @Override
    public Future<Void> publish(String topic, String type, Object payload) {
        return calls.publish(topic, type, payload);
    }

    @Override
    public Future<EventSubscription> onEvent(String topic, Handler<TopicEvent> handler) {
        return calls.onEvent(topic, handler);
    }

    @Override
    public int socks5Port() {
        return socks5 == null ? -1 : socks5.actualPort();
    }

    @Override
    public int localForwardPort(int index) {
        return localForwards.get(index).actualPort();
    }

    @Override
    public int remoteForwardPort(int index) {
        return session.remoteForwards().boundPort(index);
    }

    @Override
    public boolean connected() {
        return session.connected();
    }

    @Override
    public Future<Void> firstSession() {
        return session.firstSession();
    }

    @Override
    public Future<Void> fatal() {
        return session.fatal();
    }

    @Override
    public AlknetSession onSessionUp(Handler<Void> handler) {
        // Added and checked in one task on the session's context, where the state changes: no session is missed or
        // reported twice.
        session.homeContext().runOnContext(v -> {
            session.onStateChange(state -> {
                if (!"down".equals(state)) {
                    handler.handle(null);
                }
            });
            if (session.connected()) {
                handler.handle(null);
            }
        });
        return this;
    }

    /** {@code host:port} of the server the session is up with, or null while down. */
    String connectedServer() {
        return session.connectedServer();
    }

    /** Logs in again at once with a new session (see {@link ClientSessionVerticle#renew}). */
    void renewSession() {
        session.renew();
    }

    /** Runs {@code listener} after each change to {@link #registry()}. */
    void onOperationsChanged(Runnable listener) {
        calls.onOperationsChanged(listener);
    }

    @Override
    public synchronized Future<Void> close() {
        if (closing == null) {
            List<Future<Void>> undeploys = new ArrayList<>();
            for (int i = deployments.size() - 1; i >= 0; i--) {
                undeploys.add(vertx.undeploy(deployments.get(i)).recover(e -> Future.succeededFuture()));
            }
            closing = Future.join(undeploys).mapEmpty();
        }
        return closing;
    }
}
