package alknet.api.impl;

import alknet.Addresses;
import alknet.api.AlknetServer;
import alknet.api.AlknetVertx;
import alknet.api.ListenerOptions;
import alknet.api.ServeOptions;
import alknet.call.CallRouterVerticle;
import alknet.pubsub.PubsubBridgeVerticle;
import alknet.auth.AuthConfig;
import alknet.auth.AuthorizedKeys;
import alknet.auth.Identity;
import alknet.auth.KeyFingerprint;
import alknet.auth.PrivateKeyFiles;
import alknet.auth.TokenVerifier;
import alknet.config.ConfigException;
import alknet.config.ConfigReloader;
import alknet.config.DynamicConfig;
import alknet.config.DynamicConfigAssembler;
import alknet.config.DynamicConfigHolder;
import alknet.config.ListenerConfig;
import alknet.config.Setting;
import alknet.ops.AdminReloadHandler;
import alknet.metrics.AlknetMetrics;
import alknet.ops.OpsHttpVerticle;
import alknet.policy.ForwardingPolicy;
import alknet.ssh.ServerSettings;
import alknet.ssh.SshInterfaceVerticle;
import alknet.ssh.ServerRules;
import alknet.outbound.ReservedTargets;
import alknet.transport.ConnectionsPerIp;
import alknet.transport.ListenerVerticle;
import alknet.transport.TcpAcceptorVerticle;
import alknet.transport.WebSocketAcceptorVerticle;
import alknet.transport.TlsEngine;
import alknet.transport.TlsFiles;
import alknet.stream.TransportKind;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.KeyPair;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Deploys the server's layer verticles in order (call router and pub/sub skeletons, SSH interface, transport
 * acceptor, ops HTTP) and owns their lifecycle.
 */
public final class ServerNode implements AlknetServer {
    private static final Logger LOG = LoggerFactory.getLogger("alknet.server");
    /** The software version of the SSH identification string (RFC 4253 section 4.2: {@code SSH-2.0-alknet_0.1}). */
    public static final String VERSION = "alknet_0.1";

    private final Vertx vertx;
    private final ServeOptions options;
    private final DynamicConfigHolder config;
    private final KeyPair hostKey;
    private final ConfigReloader reloader;
    private final List<String> deployments = new ArrayList<>();
    private final ReservedTargets reservedTargets = new ReservedTargets();
    private SshInterfaceVerticle ssh;
    private final List<ListenerVerticle> listeners = new ArrayList<>();
    private OpsHttpVerticle ops;
    private Future<Void> closing;

    private ServerNode(Vertx vertx, ServeOptions options, DynamicConfigHolder config, KeyPair hostKey) {
        this.vertx = vertx;
        this.options = options;
        this.config = config;
        this.hostKey = hostKey;
        this.reloader = options.configLoader() == null ? null
                : new ConfigReloader(options.configLoader(), options.loadedConfig(), config);
    }

    public static Future<AlknetServer> start(Vertx vertx, ServeOptions options) {
        return vertx.<ServerNode>executeBlocking(() -> {
            KeyPair hostKey = PrivateKeyFiles.loadOrGenerate(options.hostKey());
            if (options.loadedConfig() != null) {
                DynamicConfig fromFiles = DynamicConfigAssembler.assemble(options.loadedConfig().dynamic());
                warnIfNoKeys(fromFiles.authorizedKeys(), options.loadedConfig().settings()
                        .path(Setting.AUTHORIZED_KEYS).orElse(options.authorizedKeys()));
                return new ServerNode(vertx, options, new DynamicConfigHolder(fromFiles), hostKey);
            }
            AuthConfig auth = options.auth() != null ? options.auth() : authConfig(options);
            DynamicConfig dynamic = new DynamicConfig(auth, options.forwarding(), options.limits());
            return new ServerNode(vertx, options, new DynamicConfigHolder(dynamic), hostKey);
        }).compose(ServerNode::deploy);
    }

    /** Authorized keys (their cert-authority lines are CAs) plus the --cert-authority file's CAs, default scopes. */
    private static AuthConfig authConfig(ServeOptions options) {
        AuthorizedKeys keys = Files.exists(options.authorizedKeys())
                ? AuthorizedKeys.read(options.authorizedKeys()) : AuthorizedKeys.EMPTY;
        AuthConfig.Builder auth = AuthConfig.builder().authorizedKeys(keys);
        if (options.certAuthorities() != null) {
            certAuthorityKeys(options.certAuthorities())
                    .forEach(ca -> auth.certAuthority(ca, Identity.DEFAULT_SCOPES, Map.of()));
        }
        AuthConfig built = auth.build();
        if (keys.size() == 0 && built.certAuthorities().isEmpty()) {
            LOG.warn("no authorized keys loaded from {}; no client can log in (add public keys to it, one per line)",
                    options.authorizedKeys());
        }
        return built;
    }

    /** A CA file holds plain public keys (a {@code cert-authority} prefix is allowed); errors name file and line. */
    private static Collection<PublicKey> certAuthorityKeys(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException("cannot read certificate authorities file " + file + ": " + e.getMessage()
                    + " (check the path given to --cert-authority)", e);
        }
        List<String> asCa = lines.stream().map(line -> {
            String t = line.strip();
            return t.isEmpty() || t.startsWith("#") || t.startsWith("cert-authority") ? line : "cert-authority " + t;
        }).toList();
        return AuthorizedKeys.parse(file.toString(), asCa).certAuthorities().values();
    }

    private Future<AlknetServer> deploy() {
        AlknetMetrics metrics = AlknetMetrics.inRegistryOrPrivate(AlknetVertx.registry(vertx));
        ServerSettings settings = new ServerSettings(options.keepalive(), options.ciphers(), options.allowNonStrictKex(), VERSION,
                options.proxy());
        ServerRules rules = ServerRules.of(() -> config.get().auth(), () -> config.get().forwarding(),
                () -> config.get().limits());
        ssh = new SshInterfaceVerticle(hostKey, settings, rules, metrics, reservedTargets);
        ConnectionsPerIp perIp = new ConnectionsPerIp(() -> config.get().limits().maxConnectionsPerIp());
        Future<String> chain = vertx.deployVerticle(new CallRouterVerticle()).onSuccess(deployments::add)
                .compose(id -> vertx.deployVerticle(new PubsubBridgeVerticle())).onSuccess(deployments::add)
                .compose(id -> vertx.deployVerticle(ssh)).onSuccess(deployments::add);
        // Every listener hands its streams to the one SSH interface: auth, policy, limits and sessions are shared.
        for (ListenerOptions listener : options.listeners()) {
            ListenerVerticle verticle = listener.transport() == TransportKind.WS
                    ? new WebSocketAcceptorVerticle(listener.host(), listener.port(), listener.webSocketPath(),
                            listener.tls(), ssh, perIp, metrics)
                    : new TcpAcceptorVerticle(listener.host(), listener.port(), listener.tls(), listener.stealth(),
                            ssh, perIp, metrics);
            listeners.add(verticle);
            chain = chain.compose(id -> vertx.deployVerticle(verticle)).onSuccess(deployments::add);
        }
        return chain
                .compose(id -> deployOps(metrics))
                .map(v -> {
                    if (config.get().forwarding().allowsAllDestinations()) {
                        LOG.warn("forwarding policy allows all destinations");
                    }
                    if (options.proxy() != null) {
                        LOG.info("outbound proxy {}: target names go to it unresolved; a name that only an IP or CIDR"
                                + " rule could decide is refused", options.proxy());
                    }
                    listeners.forEach(l -> LOG.info("server listening transport={} port={} host_key={}",
                            l.transportName(), l.actualPort(), hostKeyFingerprint()));
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
        ops = new OpsHttpVerticle(options.opsHost(), options.opsPort(),
                readinessChecks(), metrics.registry(), adminReload);
        return vertx.deployVerticle(ops).onSuccess(deployments::add).mapEmpty();
    }

    private List<String> readinessChecks() {
        List<String> checks = new ArrayList<>(List.of("ssh"));
        listeners.forEach(l -> checks.add(l.readinessCheck()));
        return checks;
    }

    @Override
    public int sshPort() {
        return listeners.get(0).actualPort();
    }

    /** The bound port of every listener, in configuration order. */
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
    public void reloadAll(DynamicConfig next) {
        config.swap(next);
    }

    @Override
    public void reloadAuth(AuthConfig auth) {
        java.util.Objects.requireNonNull(auth, "auth");
        config.update(c -> c.withAuth(auth));
    }

    @Override
    public void reloadForwarding(ForwardingPolicy policy) {
        java.util.Objects.requireNonNull(policy, "policy");
        config.update(c -> c.withForwarding(policy));
    }

    @Override
    public Future<ConfigReloader.Result> reloadConfig() {
        if (reloader == null) {
            return Future.failedFuture(new IllegalStateException("this server was started without a configuration"
                    + " source to re-read; use reloadAll, reloadAuth or reloadForwarding"));
        }
        return vertx.executeBlocking(reloader::reload)
                // A certificate that fails to load is logged and keeps the old one; the rest of the reload stands.
                .compose(result -> reloadTlsFiles(result.tlsFiles()).otherwise((Void) null).map(result));
    }

    @Override
    public Future<Void> reloadTls() {
        return reloadTlsFiles(null);
    }

    /**
     * Re-reads every TLS listener's certificate and key; {@code reloaded} (null, or per listener the reloaded config
     * when its endpoint is unchanged) may name new files. A failing listener keeps its old certificate.
     */
    private Future<Void> reloadTlsFiles(List<ListenerConfig> reloaded) {
        List<Future<Void>> reloads = new ArrayList<>();
        for (int i = 0; i < listeners.size(); i++) {
            ListenerVerticle listener = listeners.get(i);
            TlsFiles files = listener.tls();
            if (files == null) {
                continue;
            }
            if (reloaded != null && i < reloaded.size() && reloaded.get(i) != null) {
                files = new TlsFiles(reloaded.get(i).tlsCert(), reloaded.get(i).tlsKey());
            }
            String name = listener.readinessCheck();
            TlsFiles next = files;
            reloads.add(listener.reloadTls(next)
                    .onSuccess(v -> LOG.info("tls certificate reloaded listener={}", name))
                    .onFailure(e -> LOG.warn("tls certificate reload failed listener={} cert={} key={} reason={}"
                                    + " (the old certificate stays; fix the files and reload again)", name, next.cert(), next.key(),
                            String.valueOf(e.getMessage()).replaceAll("\\s+", " "))));
        }
        return Future.all(reloads).mapEmpty();
    }

    @Override
    public DynamicConfig currentConfig() {
        return config.get();
    }

    private static void warnIfNoKeys(AuthorizedKeys keys, Path file) {
        if (keys.size() == 0 && keys.certAuthorities().isEmpty()) {
            LOG.warn("no authorized keys loaded from {}; no client can log in (add public keys to it, one per line)", file);
        }
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
            vertx.eventBus().publish(Addresses.SHUTDOWN_STARTED, null);
            // Connections outlive their listener by the drain plus the disconnect's second (then Vert.x closes them).
            java.time.Duration grace = options.drainTimeout().plusSeconds(5);
            closing = Future.join(listeners.stream().map(l -> l.stopAccepting(grace)).toList())
                    .compose(v -> ssh.drain(options.drainTimeout()))
                    .eventually(this::undeployAll)
                    .onComplete(ar -> LOG.info("shutdown complete after={}s", String.format(java.util.Locale.ROOT,
                            "%.1f", (System.nanoTime() - started) / 1e9)));
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
