package alknet.client;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.channel.StreamingChannel;
import org.apache.sshd.common.channel.exception.SshChannelOpenException;
import org.apache.sshd.common.util.net.SshdSocketAddress;

import java.util.Locale;

/** Opens {@code direct-tcpip} channels on the client's current session and maps open failures to reasons. */
public final class SessionTunnelOpener implements TunnelOpener {
    private static final SshdSocketAddress ORIGINATOR = new SshdSocketAddress("127.0.0.1", 0);

    private final ClientSessionVerticle sessions;

    public SessionTunnelOpener(ClientSessionVerticle sessions) {
        this.sessions = sessions;
    }

    @Override
    public Future<TunnelStream> open(String host, int port) {
        Context context = Vertx.currentContext();
        return sessions.awaitSession().compose(session -> openOn(session, host, port, context));
    }

    private static Future<TunnelStream> openOn(ClientSession session, String host, int port, Context context) {
        Promise<TunnelStream> opened = Promise.promise();
        try {
            DirectTcpipChannel channel = DirectTcpipChannel.create(session, ORIGINATOR, new SshdSocketAddress(host, port));
            channel.setStreaming(StreamingChannel.Streaming.Async);
            channel.open().addListener(f -> onContext(context, () -> {
                if (f.isOpened()) {
                    opened.complete(new ChannelTunnelStream(channel, context));
                } else {
                    channel.close(true);
                    opened.fail(toOpenException(f.getException()));
                }
            }));
        } catch (Exception e) {
            opened.fail(new TunnelOpenException(TunnelOpenException.Reason.GENERAL_FAILURE, "cannot open channel: " + e.getMessage()));
        }
        return opened.future();
    }

    /** Runs on the caller's context: directly when MINA completes there (one session, often the same loop), else as a task. */
    private static void onContext(Context context, Runnable action) {
        if (Vertx.currentContext() == context) {
            action.run();
        } else {
            context.runOnContext(v -> action.run());
        }
    }

    static TunnelOpenException toOpenException(Throwable error) {
        if (error instanceof SshChannelOpenException open) {
            String message = String.valueOf(open.getMessage()).toLowerCase(Locale.ROOT);
            TunnelOpenException.Reason reason = switch (open.getReasonCode()) {
                case SshConstants.SSH_OPEN_ADMINISTRATIVELY_PROHIBITED -> TunnelOpenException.Reason.POLICY_DENIED;
                case SshConstants.SSH_OPEN_CONNECT_FAILED -> message.contains("unreachable") || message.contains("unresolved")
                        || message.contains("unknown host") || message.contains("name or service")
                        || message.contains("nodename") || message.contains("resolve")
                        ? TunnelOpenException.Reason.HOST_UNREACHABLE : TunnelOpenException.Reason.CONNECTION_REFUSED;
                default -> TunnelOpenException.Reason.GENERAL_FAILURE;
            };
            return new TunnelOpenException(reason, "channel open failed (code " + open.getReasonCode() + ")");
        }
        if (error instanceof TunnelOpenException t) {
            return t;
        }
        return new TunnelOpenException(TunnelOpenException.Reason.GENERAL_FAILURE, "channel open failed");
    }
}
