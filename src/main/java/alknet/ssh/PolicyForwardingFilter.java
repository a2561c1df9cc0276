package alknet.ssh;

import alknet.auth.Identity;
import alknet.config.DynamicConfigHolder;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.util.net.SshdSocketAddress;
import org.apache.sshd.server.forward.ForwardingFilter;

/**
 * Asks the current {@code ForwardingPolicy} about every {@code tcpip-forward} request (10-tunnel.md section 3);
 * {@code direct-tcpip} opens are decided by {@link PolicyCheckedTcpipServerChannel}. Agent and X11 forwarding are always refused. Denials are logged without target.
 */
final class PolicyForwardingFilter implements ForwardingFilter {
    private final DynamicConfigHolder config;

    PolicyForwardingFilter(DynamicConfigHolder config) {
        this.config = config;
    }

    /** direct-tcpip opens are decided by {@link PolicyCheckedTcpipServerChannel} before MINA asks here. */
    @Override
    public boolean canConnect(Type type, SshdSocketAddress address, Session session) {
        return type == Type.Direct && PolicyCheckedTcpipServerChannel.decidedOnThisThread();
    }

    @Override
    public boolean canListen(SshdSocketAddress address, Session session) {
        Identity identity = session.getAttribute(SessionAttributes.IDENTITY);
        boolean allowed = identity != null
                && SessionAttributes.forwardingPolicy(session, config.get().forwarding())
                        .canListen(identity, address.getHostName(), address.getPort());
        if (!allowed) {
            ServerAuthLog.forwardDenied(session, "policy");
        }
        return allowed;
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
