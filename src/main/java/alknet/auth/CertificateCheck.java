package alknet.auth;

import alknet.api.Identity;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** The outcome of {@link CertificateValidator}: a login basis, or the {@code reason} for the auth log line. */
public sealed interface CertificateCheck {
    /**
     * Rejection reasons (20-auth-config.md section 2), exactly as they appear in {@code reason=}; the CA line's own
     * options add {@link KeyOptions#EXPIRED}, {@link KeyOptions#SOURCE} and {@link KeyOptions#COMMAND}, and
     * {@link #PRINCIPAL} for {@code principals=}.
     */
    String UNKNOWN_CA = "unknown-ca";
    String SIGNATURE = "cert-signature";
    String TYPE = "cert-type";
    String EXPIRED = "cert-expired";
    String NOT_YET_VALID = "cert-not-yet-valid";
    String PRINCIPAL = "cert-principal";
    String SOURCE = "cert-source";
    String FORCE_COMMAND = "cert-force-command";
    String CRITICAL_OPTION = "cert-critical-option";

    /**
     * A valid certificate: {@code keyFingerprint} is the certified key (the identity id), {@code authority} the
     * CA (line) that signed it, {@code principal} the SSH user name it was used for, {@code restrictions} what the
     * CA line's options and the certificate's extensions leave of port forwarding.
     */
    record Accepted(String keyFingerprint, CertAuthority authority, String principal,
                    ForwardingRestrictions restrictions) implements CertificateCheck {
        public Accepted {
            Objects.requireNonNull(keyFingerprint, "keyFingerprint");
            Objects.requireNonNull(authority, "authority");
            Objects.requireNonNull(principal, "principal");
            Objects.requireNonNull(restrictions, "restrictions");
        }

        /** The CA entry's scopes and resources plus {@code principal:<name>} (20-auth-config.md section 1). */
        public Identity identity() {
            List<String> scopes = new ArrayList<>(authority.scopes());
            String principalScope = "principal:" + principal;
            if (!scopes.contains(principalScope)) {
                scopes.add(principalScope);
            }
            return new Identity(keyFingerprint, scopes, authority.resources());
        }
    }

    record Rejected(String reason) implements CertificateCheck {
        public Rejected {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
