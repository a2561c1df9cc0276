package alknet.auth;

import alknet.api.Identity;
import java.util.Objects;

/**
 * The outcome of a plain-key login (20-auth-config.md section 2; sshd(8) AUTHORIZED_KEYS FILE FORMAT): the identity
 * and what is left of port forwarding, or the {@code reason} for the auth attempt line.
 */
public sealed interface KeyLoginCheck {
    /** The key is on no authorized_keys line (a cert-authority line does not count). */
    String UNKNOWN_KEY = "unknown-key";

    record Accepted(Identity identity, ForwardingRestrictions restrictions) implements KeyLoginCheck {
        public Accepted {
            Objects.requireNonNull(identity, "identity");
            Objects.requireNonNull(restrictions, "restrictions");
        }
    }

    /** {@code reason}: {@link #UNKNOWN_KEY}, {@link KeyOptions#EXPIRED}, {@link KeyOptions#SOURCE}, {@link KeyOptions#COMMAND}. */
    record Rejected(String reason) implements KeyLoginCheck {
        public Rejected {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
