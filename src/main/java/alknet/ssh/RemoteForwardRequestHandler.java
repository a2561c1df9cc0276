package alknet.ssh;

import io.vertx.core.Vertx;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.forward.Forwarder;
import org.apache.sshd.common.session.ConnectionService;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.helpers.AbstractConnectionServiceRequestHandler;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.common.util.net.SshdSocketAddress;
import org.apache.sshd.server.global.TcpipForwardHandler;

/**
 * {@code tcpip-forward} (server side of {@code -R}) without blocking the event loop: MINA's forwarder binds
 * synchronously, so the bind runs on a worker (ordered per session, so replies keep the request order) and the
 * reply is sent when it is done. The listen policy is checked by {@link PolicyForwardingFilter#canListen}.
 */
final class RemoteForwardRequestHandler extends AbstractConnectionServiceRequestHandler {
    private final Vertx vertx;

    RemoteForwardRequestHandler(Vertx vertx) {
        this.vertx = vertx;
    }

    @Override
    public Result process(ConnectionService service, String request, boolean wantReply, Buffer buffer) {
        if (!TcpipForwardHandler.REQUEST.equals(request)) {
            return Result.Unsupported;
        }
        String address = buffer.getString();
        int port = buffer.getInt();
        Forwarder forwarder = service.getForwarder();
        Session session = service.getSession();
        vertx.executeBlocking(() -> forwarder.localPortForwardingRequested(new SshdSocketAddress(address, port)))
                .onComplete(ar -> reply(session, wantReply, port, ar.succeeded() ? ar.result() : null));
        return Result.Replied;
    }

    private static void reply(Session session, boolean wantReply, int requestedPort, SshdSocketAddress bound) {
        if (!wantReply) {
            return;
        }
        try {
            if (bound == null) {
                session.writePacket(session.createBuffer(SshConstants.SSH_MSG_REQUEST_FAILURE, 0));
                return;
            }
            Buffer reply = session.createBuffer(SshConstants.SSH_MSG_REQUEST_SUCCESS, Integer.BYTES);
            if (requestedPort == 0) {
                reply.putUInt(bound.getPort()); // RFC 4254 section 7.1: the allocated port only when 0 was asked
            }
            session.writePacket(reply);
        } catch (Exception e) {
            session.close(true);
        }
    }
}
