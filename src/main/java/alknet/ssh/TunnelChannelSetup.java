package alknet.ssh;

import alknet.config.DynamicConfigHolder;
import io.vertx.core.Vertx;
import org.apache.sshd.common.global.KeepAliveHandler;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.global.CancelTcpipForwardHandler;
import org.apache.sshd.server.global.NoMoreSessionsHandler;

import java.util.List;

/**
 * Which channels and global requests the server serves (10-tunnel.md section 3): {@code direct-tcpip} and
 * {@code tcpip-forward} only, each checked against the forwarding policy; no session, X11, agent or streamlocal.
 */
final class TunnelChannelSetup {
    private TunnelChannelSetup() {}

    static void apply(SshServer server, Vertx vertx, DynamicConfigHolder config, boolean namesToProxy) {
        // MINA's direct-tcpip channel, policy-checked with one off-loop lookup (none when names go to the outbound
        // proxy), minus MINA's thread per close.
        server.setChannelFactories(List.of(
                PolicyCheckedTcpipServerChannel.factory(config, namesToProxy ? null : new TargetResolver(vertx))));
        server.setGlobalRequestHandlers(List.of(KeepAliveHandler.INSTANCE, NoMoreSessionsHandler.INSTANCE,
                new RemoteForwardRequestHandler(vertx), CancelTcpipForwardHandler.INSTANCE));
        server.setForwardingFilter(new PolicyForwardingFilter(config));
    }
}
