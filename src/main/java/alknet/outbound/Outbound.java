package alknet.outbound;

import alknet.ssh.channel.IncomingChannel;
import alknet.api.ProxyUrl;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.apache.sshd.common.channel.Channel;
import org.apache.sshd.common.channel.ChannelFactory;
import org.apache.sshd.common.session.Session;

/**
 * The server's outbound layer: where a {@code direct-tcpip} channel becomes a connection to its target (or a reserved
 * in-process service). {@link #channelFactory()} goes into the SSH server's channel factories.
 */
public final class Outbound {
    private final DirectTcpipOpener opener;
    private final TargetDialer dialer;

    /** {@code proxy}: null, or the proxy every target connection goes through with names unresolved. */
    public Outbound(Vertx vertx, OutboundRules rules, ReservedTargets reserved, ProxyUrl proxy) {
        this.dialer = new TargetDialer(vertx, proxy);
        this.opener = new DirectTcpipOpener(rules, reserved, new TargetResolver(vertx), dialer);
    }

    /** MINA's factory for incoming {@code direct-tcpip} channels (RFC 4254 section 7.2). */
    public ChannelFactory channelFactory() {
        return new ChannelFactory() {
            @Override
            public String getName() {
                return "direct-tcpip";
            }

            @Override
            public Channel createChannel(Session session) {
                return new IncomingChannel(opener);
            }
        };
    }

    public Future<Void> close() {
        return dialer.close();
    }
}
