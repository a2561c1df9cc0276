package alknet.auth;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The options of one authorized_keys line as sshd(8) defines them (AUTHORIZED_KEYS FILE FORMAT), reduced to what
 * a tunnel server does with them: who may log in with the key and from where until when ({@code from=},
 * {@code expiry-time=}, {@code command=}, and {@code principals=} on {@code cert-authority} lines), and what is left
 * of port forwarding afterwards ({@link #forwarding()}). Options only narrow what the server allows. Parsed by
 * {@link KeyOptionsParser}; immutable.
 */
public final class KeyOptions {
    /** Login refusal reasons ({@code reason=} of the auth attempt line). */
    public static final String EXPIRED = "key-expired";
    public static final String SOURCE = "key-source";
    public static final String COMMAND = "key-command";

    public static final KeyOptions NONE = new KeyOptions(false, null, null, null, null, ForwardingRestrictions.NONE, false);

    private final boolean certAuthority;
    private final SourcePatterns from;
    private final Instant expiry;
    private final String command;
    private final List<String> principals;
    private final ForwardingRestrictions forwarding;
    private final boolean explicitPortForwarding;

    KeyOptions(boolean certAuthority, SourcePatterns from, Instant expiry, String command, List<String> principals,
               ForwardingRestrictions forwarding, boolean explicitPortForwarding) {
        this.certAuthority = certAuthority;
        this.from = from;
        this.expiry = expiry;
        this.command = command;
        this.principals = principals == null ? null : List.copyOf(principals);
        this.forwarding = Objects.requireNonNull(forwarding, "forwarding");
        this.explicitPortForwarding = explicitPortForwarding;
    }

    public boolean certAuthority() {
        return certAuthority;
    }

    /** What survives login: the line's forwarding restrictions. */
    public ForwardingRestrictions forwarding() {
        return forwarding;
    }

    public Optional<Instant> expiry() {
        return Optional.ofNullable(expiry);
    }

    /**
     * Null when this line lets its key log in now from {@code clientIp} (null when the transport has no address),
     * else the refusal reason: {@link #EXPIRED}, {@link #SOURCE} or {@link #COMMAND}. sshd checks expiry and then
     * {@code from=}; {@code command=} comes last because it is alknet's own rule: a key meant to run one command is
     * no tunnel key, unless the same line enables {@code port-forwarding} explicitly (the OpenSSH idiom for tunnel-only
     * keys, e.g. {@code restrict,port-forwarding,command="/bin/false"}); alknet then runs no command either.
     */
    public String loginRefusal(String clientIp, Instant now) {
        if (expiry != null && now.getEpochSecond() > expiry.getEpochSecond()) {
            return EXPIRED; // sshd: expired once valid_before < now, so the named second itself still logs in
        }
        if (from != null && !from.matches(clientIp)) {
            return SOURCE;
        }
        if (command != null && !explicitPortForwarding) {
            return COMMAND;
        }
        return null;
    }

    /**
     * For a certificate signed by this {@code cert-authority} line: {@code principals=} first (one of the
     * certificate's principals must be listed; sshd {@code match_principals_option}), then {@link #loginRefusal}.
     */
    public String certificateRefusal(Collection<String> certificatePrincipals, String clientIp, Instant now) {
        if (principals != null && (certificatePrincipals == null
                || certificatePrincipals.stream().noneMatch(principals::contains))) {
            return CertificateCheck.PRINCIPAL;
        }
        return loginRefusal(clientIp, now);
    }

    /**
     * True when the line limits where, until when or for what the key logs in: such a key does not sign tokens,
     * which carry no client address and are not logins.
     */
    public boolean hasLoginConditions() {
        return from != null || expiry != null || command != null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KeyOptions k && certAuthority == k.certAuthority && Objects.equals(from, k.from)
                && Objects.equals(expiry, k.expiry) && Objects.equals(command, k.command)
                && Objects.equals(principals, k.principals) && forwarding.equals(k.forwarding)
                && explicitPortForwarding == k.explicitPortForwarding;
    }

    @Override
    public int hashCode() {
        return Objects.hash(certAuthority, from, expiry, command, principals, forwarding, explicitPortForwarding);
    }

    @Override
    public String toString() {
        return "KeyOptions[cert-authority=" + certAuthority + ", from=" + from + ", expiry=" + expiry
                + ", command=" + (command != null) + ", principals=" + principals + ", " + forwarding + "]";
    }
}
