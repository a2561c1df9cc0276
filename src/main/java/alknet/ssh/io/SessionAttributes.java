package alknet.ssh.io;

import alknet.auth.ForwardingRestrictions;
import alknet.api.Identity;
import org.apache.sshd.common.AttributeRepository.AttributeKey;

/** What alknet keeps on a MINA session. */
public final class SessionAttributes {
    private SessionAttributes() {}

    /** Set once authentication succeeds; fixed for the life of the session. */
    public static final AttributeKey<Identity> IDENTITY = new AttributeKey<>();
    /**
     * Set with {@link #IDENTITY}: what the key's authorized_keys line (and a certificate's extensions) leave of port
     * forwarding; fixed for the life of the session. Read through {@code alknet.ssh.SessionForwarding}.
     */
    public static final AttributeKey<ForwardingRestrictions> FORWARDING_RESTRICTIONS = new AttributeKey<>();
    /** Fingerprint of the key offered last, for the accept log line. */
    public static final AttributeKey<String> OFFERED_KEY = new AttributeKey<>();
    /** System.nanoTime() when the connection was accepted. */
    public static final AttributeKey<Long> OPENED_AT_NANOS = new AttributeKey<>();
    /** Set after the first key exchange has been checked for strict KEX. */
    public static final AttributeKey<Boolean> STRICT_KEX_CHECKED = new AttributeKey<>();
}
