package alknet.ssh;

import alknet.ssh.io.SessionAttributes;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.kex.KexProposalOption;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;

import java.io.IOException;
import java.util.Map;

/**
 * Requires strict key exchange (the Terrapin countermeasure, 10-tunnel.md section 2): MINA negotiates it when
 * both sides offer it; this refuses peers that do not, unless {@code --allow-non-strict-kex} is set.
 */
public final class StrictKexGuard implements SessionListener {
    private static final String CLIENT_MARKER = "kex-strict-c-v00@openssh.com";
    private static final String SERVER_MARKER = "kex-strict-s-v00@openssh.com";

    @Override
    public void sessionEvent(Session session, Event event) {
        if (event != Event.KexCompleted || Boolean.TRUE.equals(session.getAttribute(SessionAttributes.STRICT_KEX_CHECKED))) {
            return;
        }
        session.setAttribute(SessionAttributes.STRICT_KEX_CHECKED, Boolean.TRUE);
        Map<KexProposalOption, String> peer = session.isServerSession()
                ? session.getClientKexProposals() : session.getServerKexProposals();
        String marker = session.isServerSession() ? CLIENT_MARKER : SERVER_MARKER;
        String algorithms = peer == null ? "" : String.valueOf(peer.get(KexProposalOption.ALGORITHMS));
        if (!algorithms.contains(marker)) {
            try {
                session.disconnect(SshConstants.SSH2_DISCONNECT_KEY_EXCHANGE_FAILED,
                        "strict key exchange required; upgrade the peer or use --allow-non-strict-kex");
            } catch (IOException e) {
                session.close(true);
            }
        }
    }
}
