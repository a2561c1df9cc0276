package alknet.client;

import alknet.ssh.channel.ChannelRefusal;
import alknet.ssh.channel.OutgoingChannel;
import alknet.ssh.channel.OutgoingChannel.Endpoint;
import alknet.ssh.io.VertxIoSession;
import alknet.stream.DuplexConnection;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.SshConstants;

import java.util.Locale;

/** Opens {@code direct-tcpip} channels on the client's current session and maps open failures to reasons. */
public final class SessionTunnelOpener implements TunnelOpener {
    private static final Endpoint ORIGINATOR = new Endpoint("127.0.0.1", 0);

    private final ClientSessionVerticle sessions;

    public SessionTunnelOpener(ClientSessionVerticle sessions) {
        this.sessions = sessions;
    }

    @Override
    public Future<DuplexConnection> open(String host, int port) {
        return sessions.awaitSession().compose(session -> openOn(session, host, port));
    }

    private static Future<DuplexConnection> openOn(ClientSession session, String host, int port) {
        Context context = session.getIoSession() instanceof VertxIoSession io ? io.context() : Vertx.currentContext();
        return OutgoingChannel.open(session, OutgoingChannel.DIRECT_TCPIP, new Endpoint(host, port), ORIGINATOR, context)
                .<DuplexConnection>map(stream -> stream)
                .recover(e -> Future.failedFuture(toOpenException(e)));
    }

    static TunnelOpenException toOpenException(Throwable error) {
        if (error instanceof ChannelRefusal refusal) {
            String message = String.valueOf(refusal.getMessage()).toLowerCase(Locale.ROOT);
            TunnelOpenException.Reason reason = switch (refusal.reasonCode()) {
                case SshConstants.SSH_OPEN_ADMINISTRATIVELY_PROHIBITED -> TunnelOpenException.Reason.POLICY_DENIED;
                case SshConstants.SSH_OPEN_CONNECT_FAILED -> message.contains("unreachable") || message.contains("unresolved")
                        || message.contains("unknown host") || message.contains("name or service")
                        || message.contains("nodename") || message.contains("resolve")
                        ? TunnelOpenException.Reason.HOST_UNREACHABLE : TunnelOpenException.Reason.CONNECTION_REFUSED;
                default -> TunnelOpenException.Reason.GENERAL_FAILURE;
            };
            return new TunnelOpenException(reason, "channel open failed (code " + refusal.reasonCode() + ")");
        }
        if (error instanceof TunnelOpenException t) {
            return t;
        }
        return new TunnelOpenException(TunnelOpenException.Reason.GENERAL_FAILURE, "channel open failed");
    }
}
