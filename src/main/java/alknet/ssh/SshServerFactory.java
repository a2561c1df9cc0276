package alknet.ssh;

import alknet.config.DynamicConfigHolder;
import alknet.ops.AlknetMetrics;
import alknet.ssh.io.ChannelTuning;
import alknet.ssh.io.VertxIoServiceFactoryFactory;
import io.vertx.core.Vertx;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.core.CoreModuleProperties;

import java.security.KeyPair;
import java.time.Duration;
import java.util.List;

/**
 * Builds the MINA SSH server alknet runs: public key only, forwarding channels only (no shell, exec, SFTP, X11,
 * agent), strong algorithms with strict KEX, keepalives both ways, no idle kill, I/O on Vert.x.
 */
final class SshServerFactory {
    private SshServerFactory() {}

    static StreamSshServer create(Vertx vertx, KeyPair hostKey, ServerSettings settings, DynamicConfigHolder config,
                            AlknetMetrics metrics, ServerSessionLifecycle lifecycle) {
        StreamSshServer server = StreamSshServer.withDefaults();
        server.setIoServiceFactoryFactory(new VertxIoServiceFactoryFactory(vertx, settings.outboundProxy()));
        server.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
        SshAlgorithms.apply(server, settings.ciphers());

        ServerAuthSetup.apply(server, config, metrics);
        TunnelChannelSetup.apply(server, vertx, config, settings.outboundProxy() != null);
        server.setSubsystemFactories(List.of());
        server.setShellFactory(null);
        server.setCommandFactory(null);
        server.setAgentFactory(null);

        CoreModuleProperties.SERVER_IDENTIFICATION.set(server, settings.version());
        CoreModuleProperties.IDLE_TIMEOUT.set(server, Duration.ZERO);
        CoreModuleProperties.NIO2_READ_TIMEOUT.set(server, Duration.ZERO);
        CoreModuleProperties.AUTH_TIMEOUT.set(server, config.get().limits().authTimeout());
        CoreModuleProperties.MAX_AUTH_REQUESTS.set(server, config.get().limits().maxAuthAttempts());
        Keepalive.apply(server, settings.keepalive());
        ChannelTuning.apply(server);

        server.addSessionListener(lifecycle);
        if (!settings.allowNonStrictKex()) {
            server.addSessionListener(new StrictKexGuard());
        }
        server.addChannelListener(new ChannelMetricsListener(metrics));
        // The acceptor is virtual (see StreamIoAcceptor): this address is never bound.
        server.setHost("127.0.0.1");
        server.setPort(1);
        return server;
    }
}
