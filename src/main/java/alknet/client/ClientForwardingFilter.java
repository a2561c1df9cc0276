package alknet.client;

import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.util.net.SshdSocketAddress;
import org.apache.sshd.server.forward.ForwardingFilter;

/**
 * What the client lets the server do: open {@code forwarded-tcpip} channels for the {@code -R} forwards we
 * requested (MINA maps the port to the configured local target and refuses unknown ports). MINA's client default
 * rejects them all. Nothing else (agent, X11, listening) is allowed.
 */
final class ClientForwardingFilter implements ForwardingFilter {
    static final ClientForwardingFilter INSTANCE = new ClientForwardingFilter();

    @Override
    public boolean canConnect(Type type, SshdSocketAddress address, Session session) {
        return type == Type.Forwarded;
    }

    @Override
    public boolean canListen(SshdSocketAddress address, Session session) {
        return false;
    }

    @Override
    public boolean canForwardAgent(Session session, String requestType) {
        return false;
    }

    @Override
    public boolean canForwardX11(Session session, String requestType) {
        return false;
    }
}
