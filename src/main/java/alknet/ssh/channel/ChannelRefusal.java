package alknet.ssh.channel;

import org.apache.sshd.common.SshConstants;

/**
 * Why a channel open is refused, as RFC 4254 section 5.1 names it; the message goes to the peer and names no
 * target. Every refusal alknet sends carries one of these codes (never 0).
 */
public final class ChannelRefusal extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int reasonCode;

    private ChannelRefusal(int reasonCode, String message) {
        super(message, null, false, false); // no stack trace: refusals are routine, one per denied channel
        this.reasonCode = reasonCode;
    }

    /** SSH_OPEN_ADMINISTRATIVELY_PROHIBITED: the policy (or a key or certificate restriction) says no. */
    public static ChannelRefusal prohibited(String message) {
        return new ChannelRefusal(SshConstants.SSH_OPEN_ADMINISTRATIVELY_PROHIBITED, message);
    }

    /** SSH_OPEN_CONNECT_FAILED: the target could not be reached, or the request named no valid target. */
    public static ChannelRefusal connectFailed(String message) {
        return new ChannelRefusal(SshConstants.SSH_OPEN_CONNECT_FAILED, message);
    }

    /** SSH_OPEN_RESOURCE_SHORTAGE: a limit (channels per session, shutdown) refuses more. */
    public static ChannelRefusal resourceShortage(String message) {
        return new ChannelRefusal(SshConstants.SSH_OPEN_RESOURCE_SHORTAGE, message);
    }

    public boolean isProhibited() {
        return reasonCode == SshConstants.SSH_OPEN_ADMINISTRATIVELY_PROHIBITED;
    }

    public int reasonCode() {
        return reasonCode;
    }
}
