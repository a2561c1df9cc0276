package alknet.ssh;

import alknet.metrics.AlknetMetrics;
import alknet.ssh.forward.TcpipForwardHandler;
import alknet.ssh.io.ChannelTuning;
import alknet.ssh.io.VertxIoServiceFactoryFactory;
import io.vertx.core.Vertx;
import org.apache.sshd.common.channel.ChannelFactory;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.server.forward.RejectAllForwardingFilter;

import java.security.KeyPair;
import java.time.Duration;
import java.util.List;

/**
 * Builds the MINA SSH server alknet runs: public key only; {@code direct-tcpip} channels (through the outbound layer)
 * and {@code tcpip-forward} requests only, no shell, exec, SFTP, X11 or agent; strong algorithms with strict KEX;
 * keepalives both ways, no idle kill, I/O on Vert.x.
 */
final class SshServerFactory {
    private SshServerFactory() {}

    static StreamSshServer create(Vertx vertx, KeyPair hostKey, ServerSettings settings, ServerRules rules,
                                  AlknetMetrics metrics, ChannelFactory directTcpip, ChannelMetricsListener channels) {
        StreamSshServer server = StreamSshServer.withDefaults();
        server.setIoServiceFactoryFactory(new VertxIoServiceFactoryFactory(vertx));
        server.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
        SshAlgorithms.apply(server, settings.ciphers());

        ServerAuthSetup.apply(server, rules, metrics);
        server.setChannelFactories(List.of(directTcpip));
        // tcpip-forward, cancel-tcpip-forward and keepalives, answered in order; everything else refused.
        server.setGlobalRequestHandlers(List.of(new TcpipForwardHandler(vertx,
                session -> SessionForwarding.policy(session, rules.forwarding()))));
        server.setForwardingFilter(RejectAllForwardingFilter.INSTANCE); // MINA's own forwarding is never used
        server.setSubsystemFactories(List.of());
        server.setShellFactory(null);
        server.setCommandFactory(null);
        server.setAgentFactory(null);

        CoreModuleProperties.SERVER_IDENTIFICATION.set(server, settings.version());
        CoreModuleProperties.IDLE_TIMEOUT.set(server, Duration.ZERO);
        CoreModuleProperties.NIO2_READ_TIMEOUT.set(server, Duration.ZERO);
        CoreModuleProperties.AUTH_TIMEOUT.set(server, rules.limits().authTimeout());
        CoreModuleProperties.MAX_AUTH_REQUESTS.set(server, rules.limits().maxAuthAttempts());
        Keepalive.apply(server, settings.keepalive());
        ChannelTuning.apply(server);

        server.addSessionListener(new ServerSessionLifecycle(rules, metrics));
        if (!settings.allowNonStrictKex()) {
            server.addSessionListener(new StrictKexGuard());
        }
        server.addChannelListener(channels);
        // The acceptor is virtual (see StreamIoAcceptor): this address is never bound.
        server.setHost("127.0.0.1");
        server.setPort(1);
        return server;
    }
}
