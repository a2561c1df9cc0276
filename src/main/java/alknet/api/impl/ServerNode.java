package alknet.api.impl;

import alknet.Addresses;
import alknet.api.AlknetServer;
import alknet.api.AlknetVertx;
import alknet.api.ServeOptions;
import alknet.call.CallRouterVerticle;
import alknet.pubsub.PubsubBridgeVerticle;
import alknet.auth.AuthConfig;
import alknet.auth.AuthorizedKeys;
import alknet.auth.KeyFingerprint;
import alknet.auth.PrivateKeyFiles;
import alknet.config.DynamicConfig;
import alknet.config.DynamicConfigHolder;
import alknet.ops.AlknetMetrics;
import alknet.ops.OpsHttpVerticle;
import alknet.ssh.ServerSettings;
import alknet.ssh.SshInterfaceVerticle;
import alknet.transport.ConnectionsPerIp;
import alknet.transport.TcpAcceptorVerticle;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;

/**
 * Deploys the server's layer verticles in order (call router and pub/sub skeletons, SSH interface, transport
 * acceptor, ops HTTP) and owns their lifecycle.
 */
public final class ServerNode implements AlknetServer {
    private static final Logger LOG = LoggerFactory.getLogger("alknet.server");
    public static final String VERSION = "SSH-2.0-alknet_0.1";

    private final Vertx vertx;
    private final ServeOptions options;
    private final DynamicConfigHolder config;
    private final KeyPair hostKey;
    private final List<String> deployments = new ArrayList<>();
    private SshInterfaceVerticle ssh;
    private TcpAcceptorVerticle tcp;
    private OpsHttpVerticle ops;
    private Future<Void> closing;

    private ServerNode(Vertx vertx, ServeOptions options, DynamicConfigHolder config, KeyPair hostKey) {
        this.vertx = vertx;
        this.options = options;
        this.config = config;
        this.hostKey = hostKey;
    }

    public static Future<AlknetServer> start(Vertx vertx, ServeOptions options) {
        return vertx.<ServerNode>executeBlocking(() -> {
            KeyPair hostKey = PrivateKeyFiles.loadOrGenerate(options.hostKey());
            AuthorizedKeys keys = Files.exists(options.authorizedKeys())
                    ? AuthorizedKeys.read(options.authorizedKeys()) : AuthorizedKeys.EMPTY;
            if (keys.size() == 0) {
                LOG.warn("no authorized keys loaded from {}; no client can log in (add public keys to it, one per line)",
                        options.authorizedKeys());
            }
            DynamicConfig dynamic = new DynamicConfig(AuthConfig.of(keys), options.forwarding(), options.limits());
            return new ServerNode(vertx, options, new DynamicConfigHolder(dynamic), hostKey);
        }).compose(ServerNode::deploy);
    }

    private Future<AlknetServer> deploy() {
        AlknetMetrics metrics = AlknetMetrics.inRegistryOrPrivate(AlknetVertx.registry(vertx));
        ServerSettings settings = new ServerSettings(options.keepalive(), options.ciphers(), options.allowNonStrictKex(), VERSION);
        ssh = new SshInterfaceVerticle(hostKey, settings, config, metrics);
        ConnectionsPerIp perIp = new ConnectionsPerIp(() -> config.get().limits().maxConnectionsPerIp());
        tcp = new TcpAcceptorVerticle(options.listenHost(), options.listenPort(), ssh, perIp, metrics);
        return vertx.deployVerticle(new CallRouterVerticle()).onSuccess(deployments::add)
                .compose(id -> vertx.deployVerticle(new PubsubBridgeVerticle())).onSuccess(deployments::add)
                .compose(id -> vertx.deployVerticle(ssh)).onSuccess(deployments::add)
                .compose(id -> vertx.deployVerticle(tcp)).onSuccess(deployments::add)
                .compose(id -> deployOps(metrics))
                .map(v -> {
                    if (config.get().forwarding().allowsAllDestinations()) {
                        LOG.warn("forwarding policy allows all destinations");
                    }
                    LOG.info("server listening transport=tcp port={} host_key={}", tcp.actualPort(), hostKeyFingerprint());
                    return (AlknetServer) this;
                });
    }

    private Future<Void> deployOps(AlknetMetrics metrics) {
        if (!options.opsEnabled()) {
            return Future.succeededFuture();
        }
        ops = new OpsHttpVerticle(options.opsHost(), options.opsPort(),
                List.of("ssh", "listener-tcp-" + tcp.actualPort()), metrics.registry());
        return vertx.deployVerticle(ops).onSuccess(deployments::add).mapEmpty();
    }

    @Override
    public int sshPort() {
        return tcp.actualPort();
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
    public DynamicConfig currentConfig() {
        return config.get();
    }

    @Override
    public synchronized Future<Void> close() {
        if (closing == null) {
            vertx.eventBus().publish(Addresses.SHUTDOWN_STARTED, null);
            closing = tcp.stopAccepting()
                    .compose(v -> ssh.disconnectAll(options.drainTimeout()))
                    .eventually(() -> undeployAll());
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
