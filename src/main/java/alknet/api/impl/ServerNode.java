package alknet.api.impl;

import alknet.Addresses;
import alknet.api.AlknetServer;
import alknet.api.AuthOptions;
import alknet.api.CallPeer;
import alknet.api.EventSubscription;
import alknet.api.Operations;
import alknet.api.TopicEvent;
import io.vertx.core.Handler;
import alknet.api.ForwardingRules;
import alknet.api.Limits;
import alknet.api.ListenerOptions;
import alknet.api.ReloadResult;
import alknet.api.ServeOptions;
import alknet.api.TlsFiles;
import alknet.api.Transport;
import alknet.auth.AuthConfigReader;
import alknet.auth.KeyFingerprint;
import alknet.auth.PrivateKeyFiles;
import alknet.auth.TokenVerifier;
import alknet.cluster.HeadCluster;
import alknet.metrics.AlknetMetrics;
import alknet.ops.AdminReloadHandler;
import alknet.ops.OpsHttpVerticle;
import alknet.outbound.ReservedTargets;
import alknet.policy.PolicyBuilder;
import alknet.ssh.ServerRules;
import alknet.ssh.ServerSettings;
import alknet.ssh.SshInterfaceVerticle;
import alknet.transport.ConnectionsPerIp;
import alknet.transport.ListenerVerticle;
import alknet.transport.TcpAcceptorVerticle;
import alknet.transport.TlsEngine;
import alknet.transport.WebSocketAcceptorVerticle;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.KeyPair;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A server node: deploys the layer verticles in order (call router, pub/sub bridge, SSH interface, one transport
 * acceptor per listener, ops HTTP) from a copy of its options and owns their lifecycle and the live configuration.
 */
public final class ServerNode implements AlknetServer {
    private static final Logger LOG = LoggerFactory.getLogger("alknet.server");
    /** The software version of the SSH identification string (RFC 4253 section 4.2: {@code SSH-2.0-alknet_0.1}). */
    public static final String VERSION = "alknet_0.1";

    private final Vertx vertx;
    private final ServeOptions options;
    private final DynamicConfigHolder config;
    private final KeyPair hostKey;
    private final ConfigReload reload;
    private final List<String> deployments = new ArrayList<>();
    private final ReservedTargets reservedTargets = new ReservedTargets();
    private final List<ListenerVerticle> listeners = new ArrayList<>();
    private SshInterfaceVerticle ssh;
    private ServerCalls calls;
    private OpsHttpVerticle ops;
    private Future<Void> closing;

    private ServerNode(Vertx vertx, ServeOptions options, DynamicConfig initial, KeyPair hostKey) {
        this.vertx = vertx;
        this.options = options;
        this.config = new DynamicConfigHolder(initial);
        this.hostKey = hostKey;
        this.reload = options.configSource() == null ? null : new ConfigReload(options.configSource(), options, config);
    }

    /** Starts a node from a copy of {@code options} (reads key files off the event loop). */
    public static Future<AlknetServer> start(Vertx vertx, ServeOptions options) {
        ServeOptions own = new ServeOptions(options);
        return vertx.<ServerNode>executeBlocking(() -> {
            KeyPair hostKey = PrivateKeyFiles.loadOrGenerate(own.hostKey());
            DynamicConfig initial = DynamicConfig.of(own);
            if (initial.authorizedKeys().size() == 0 && initial.auth().certAuthorities().isEmpty()) {
                LOG.warn("no authorized keys loaded from {}; no client can log in (add public keys to it, one per line)",
                        own.authorizedKeys());
            }
            return new ServerNode(vertx, own, initial, hostKey);
        }).compose(ServerNode::deploy);
    }

    private Future<AlknetServer> deploy() {
        AlknetMetrics metrics = AlknetMetrics.inRegistryOrPrivate(VertxMeters.registry(vertx));
        ServerSettings settings = new ServerSettings(options.keepalive(), options.ciphers(), options.allowNonStrictKex(),
                VERSION, options.proxy());
        ServerRules rules = ServerRules.of(() -> config.get().auth(), () -> config.get().forwarding(),
                () -> config.get().limits());
        ssh = new SshInterfaceVerticle(hostKey, settings, rules, metrics, reservedTargets);
        calls = new ServerCalls(vertx, options, metrics.registry(), VERSION, () -> config.get().auth());
        ConnectionsPerIp perIp = new ConnectionsPerIp(() -> config.get().limits().maxConnectionsPerIp());
        Future<String> chain = calls.start(reservedTargets, deployments::add).map("calls")
                .compose(id -> vertx.deployVerticle(ssh)).onSuccess(deployments::add);
        // Every listener hands its streams to the one SSH interface: auth, policy, limits and sessions are shared.
        for (ListenerOptions listener : options.listeners()) {
            ListenerVerticle verticle = listener.transport() == Transport.WS
                    ? new WebSocketAcceptorVerticle(listener.host(), listener.port(), listener.webSocketPath(),
                            listener.tls(), ssh, perIp, metrics, calls.webSocketPaths(), options.maxFrame())
                    : new TcpAcceptorVerticle(listener.host(), listener.port(), listener.tls(), listener.stealth(),
                            ssh, perIp, metrics);
            listeners.add(verticle);
            chain = chain.compose(id -> vertx.deployVerticle(verticle)).onSuccess(deployments::add);
        }
        return chain.compose(id -> deployOps(metrics)).map(v -> {
            if (config.get().forwarding().allowsAllDestinations()) {
                LOG.warn("forwarding policy allows all destinations");
            }
            if (options.proxy() != null) {
                LOG.info("outbound proxy {}: target names go to it unresolved; a name that only an IP or CIDR"
                        + " rule could decide is refused", options.proxy());
            }
            listeners.forEach(l -> LOG.info("server listening transport={} port={} host_key={}",
                    l.transportName(), l.actualPort(), hostKeyFingerprint()));
            if (calls.rawPort() >= 0) {
                LOG.info("raw call carrier listening port={} tls={}", calls.rawPort(), options.rawTls() != null);
            }
            if (listeners.stream().anyMatch(l -> l.tls() != null)) {
                LOG.info("tls engine={}", TlsEngine.name());
            }
            return (AlknetServer) this;
        });
    }

    private Future<Void> deployOps(AlknetMetrics metrics) {
        if (!options.opsEnabled()) {
            return Future.succeededFuture();
        }
        AdminReloadHandler adminReload = new AdminReloadHandler(() -> config.get().auth(),
                new TokenVerifier(Clock.systemUTC()), this::reloadConfig);
        ops = new OpsHttpVerticle(options.opsHost(), options.opsPort(), readinessChecks(), metrics.registry(), adminReload);
        return vertx.deployVerticle(ops).onSuccess(deployments::add).mapEmpty();
    }

    private List<String> readinessChecks() {
        List<String> checks = new ArrayList<>(List.of("ssh"));
        listeners.forEach(l -> checks.add(l.readinessCheck()));
        if (calls.clustered()) {
            checks.add(HeadCluster.READINESS_CHECK);
        }
        return checks;
    }

    @Override
    public int sshPort() {
        return listeners.get(0).actualPort();
    }

    @Override
    public List<Integer> sshPorts() {
        return listeners.stream().map(ListenerVerticle::actualPort).toList();
    }

    /** The SSH interface (sessions, unauthenticated connections, channels): for tests that count what is left. */
    public SshInterfaceVerticle sshInterface() {
        return ssh;
    }

    @Override
    public int opsPort() {
        return ops == null ? -1 : ops.actualPort();
    }

    @Override
    public String hostKeyFingerprint() {
        return KeyFingerprint.of(hostKey.getPublic());
    }

    @Override
    public Operations registry() {
        return calls.registry();
    }

    @Override
    public List<CallPeer> peers() {
        return calls.peers();
    }

    @Override
    public void publish(String topic, String type, Object payload) {
        calls.publish(topic, type, payload);
    }

    @Override
    public Future<EventSubscription> onEvent(String topic, Handler<TopicEvent> handler) {
        return calls.onEvent(topic, handler);
    }

    @Override
    public int rawPort() {
        return calls == null ? -1 : calls.rawPort();
    }

    @Override
    public Future<Void> reloadAuth(AuthOptions auth) {
        return vertx.executeBlocking(() -> AuthConfigReader.read(auth, options.dataDir().resolve(ServeOptions.AUTHORIZED_KEYS_FILE)))
                .onSuccess(next -> config.update(c -> c.withAuth(next))).mapEmpty();
    }

    @Override
    public Future<Void> reloadForwarding(ForwardingRules rules) {
        try {
            var policy = PolicyBuilder.from(rules);
            config.update(c -> c.withForwarding(policy));
            return Future.succeededFuture();
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(e);
        }
    }

    @Override
    public void reloadLimits(Limits limits) {
        java.util.Objects.requireNonNull(limits, "limits");
        config.update(c -> c.withLimits(limits));
    }

    @Override
    public Limits limits() {
        return config.get().limits();
    }

    @Override
    public Future<ReloadResult> reloadConfig() {
        if (reload == null) {
            return Future.failedFuture(new IllegalStateException("this server was started without a configuration"
                    + " source to re-read; use reloadAuth, reloadForwarding or reloadLimits"));
        }
        return vertx.executeBlocking(reload::reload)
                // A certificate that fails to load is logged and keeps the old one; the rest of the reload stands.
                .compose(outcome -> reloadTlsFiles(outcome.liveTls()).otherwise((Void) null).map(outcome.result()));
    }

    @Override
    public Future<Void> reloadTls() {
        return reloadTlsFiles(null);
    }

    /**
     * Re-reads every TLS listener's certificate and key; {@code reloaded} (null, or per listener the reloaded one when
     * its endpoint is unchanged) may name new files. A failing listener keeps its old certificate.
     */
    private Future<Void> reloadTlsFiles(List<ListenerOptions> reloaded) {
        List<Future<Void>> reloads = new ArrayList<>();
        for (int i = 0; i < listeners.size(); i++) {
            ListenerVerticle listener = listeners.get(i);
            TlsFiles files = listener.tls();
            if (files == null) {
                continue;
            }
            if (reloaded != null && i < reloaded.size() && reloaded.get(i) != null) {
                files = reloaded.get(i).tls();
            }
            String name = listener.readinessCheck();
            TlsFiles next = files;
            reloads.add(listener.reloadTls(next)
                    .onSuccess(v -> LOG.info("tls certificate reloaded listener={}", name))
                    .onFailure(e -> LOG.warn("tls certificate reload failed listener={} cert={} key={} reason={}"
                                    + " (the old certificate stays; fix the files and reload again)", name, next.cert(),
                            next.key(), String.valueOf(e.getMessage()).replaceAll("\\s+", " "))));
        }
        return Future.all(reloads).mapEmpty();
    }

    /**
     * Graceful shutdown (10-tunnel.md section 3): unready at once, no new sessions or channels, open channels finish
     * for up to the drain timeout, then every session gets an SSH disconnect and the verticles stop.
     */
    @Override
    public synchronized Future<Void> close() {
        if (closing == null) {
            long started = System.nanoTime();
            ssh.refuseNewChannels(); // before the line: a channel opened after "shutdown started" is refused
            LOG.info("shutdown started drain_timeout={}s sessions={} channels={}", options.drainTimeout().toSeconds(),
                    ssh.activeSessions(), ssh.openChannels());
            // This process only: in a head cluster the bus reaches every head (40-cluster-ops.md section 4).
            vertx.eventBus().publish(Addresses.SHUTDOWN_STARTED, null, new DeliveryOptions().setLocalOnly(true));
            // Connections outlive their listener by the drain plus the disconnect's second (then Vert.x closes them).
            java.time.Duration grace = options.drainTimeout().plusSeconds(5);
            List<Future<Void>> stops = new ArrayList<>(listeners.stream().map(l -> l.stopAccepting(grace)).toList());
            stops.add(calls.stopRaw());
            closing = Future.join(stops)
                    .compose(v -> Future.join(ssh.drain(options.drainTimeout()), calls.drain(options.drainTimeout())))
                    .<Void>mapEmpty()
                    .eventually(this::undeployAll)
                    .onComplete(ar -> LOG.info("shutdown complete after={}s", String.format(Locale.ROOT, "%.1f",
                            (System.nanoTime() - started) / 1e9)));
        }
        return closing;
    }

    private Future<Void> undeployAll() {
        List<Future<Void>> undeploys = new ArrayList<>();
        for (int i = deployments.size() - 1; i >= 0; i--) {
            undeploys.add(vertx.undeploy(deployments.get(i)).recover(e -> Future.succeededFuture()));
        }
        return Future.all(undeploys).mapEmpty();
    }
}
