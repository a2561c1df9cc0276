package alknet.ssh;

import alknet.auth.ForwardingRestrictions;
import alknet.policy.ForwardingPolicy;
import alknet.policy.RestrictedForwardingPolicy;
import alknet.ssh.io.SessionAttributes;
import org.apache.sshd.common.session.Session;

/**
 * The forwarding policy for one session: the configured one, narrowed by what its key's authorized_keys line and its
 * certificate's extensions leave (set at login, {@link SessionAttributes#FORWARDING_RESTRICTIONS}; docs/decisions.md).
 */
final class SessionForwarding {
    private SessionForwarding() {}

    /** For one decision; a session without restrictions (never authenticated) may not forward at all. */
    static ForwardingPolicy policy(Session session, ForwardingPolicy configured) {
        ForwardingRestrictions restrictions = session.getAttribute(SessionAttributes.FORWARDING_RESTRICTIONS);
        return RestrictedForwardingPolicy.narrow(configured,
                restrictions == null ? ForwardingRestrictions.NO_FORWARDING : restrictions);
    }
}
