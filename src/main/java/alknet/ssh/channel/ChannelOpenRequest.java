package alknet.ssh.channel;

import alknet.ssh.io.VertxIoSession;
import alknet.stream.TransportInfo;
import io.vertx.core.Context;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.util.buffer.Buffer;

/**
 * One incoming {@code SSH_MSG_CHANNEL_OPEN}: the type-specific payload (for {@code direct-tcpip} and
 * {@code forwarded-tcpip}: host, port, originator host and port, RFC 4254 sections 7.1-7.2), the session it arrived
 * on and that session's event loop, where the opener's future should complete.
 */
public record ChannelOpenRequest(Buffer payload, Session session, Context context) {
    /** How the session's connection arrived (kind, peer address); null for a session without one. */
    public TransportInfo transport() {
        return VertxIoSession.transportInfo(session);
    }
}
