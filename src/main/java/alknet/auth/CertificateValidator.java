package alknet.auth;

import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.OpenSshCertificate;
import org.apache.sshd.common.signature.BuiltinSignatures;
import org.apache.sshd.common.signature.Signature;

import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Validates an OpenSSH user certificate by alknet's own rules (20-auth-config.md section 2), whatever MINA
 * checked before: configured CA, CA signature, user type, validity with 60 s skew, principal, critical options.
 */
public final class CertificateValidator {
    public static final Duration CLOCK_SKEW = Duration.ofSeconds(60);
    /** CA signature algorithms accepted: no SHA-1 ({@code ssh-rsa}). */
    private static final Set<String> CA_SIGNATURE_ALGORITHMS = Set.of("ssh-ed25519", "ecdsa-sha2-nistp256",
            "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521", "rsa-sha2-256", "rsa-sha2-512");

    /** The certificate extension that allows port forwarding (PROTOCOL.certkeys). */
    static final String PERMIT_PORT_FORWARDING = "permit-port-forwarding";

    private final Clock clock;

    public CertificateValidator(Clock clock) {
        this.clock = clock;
    }

    /**
     * {@code clientIp}: the bare peer IP, or null when the transport has none (then source-address and from= fail).
     * After the certificate's own checks, the signing CA's lines are tried in order (sshd reads authorized_keys top
     * to bottom): the first whose options ({@code principals=}, {@code expiry-time=}, {@code from=},
     * {@code command=}) allow the login is the basis; else the first line's refusal.
     */
    public CertificateCheck validate(OpenSshCertificate cert, String user, String clientIp,
            Collection<CertAuthority> authorities) {
        List<CertAuthority> signers = signingAuthorities(cert, authorities);
        if (signers.isEmpty()) {
            return rejected(CertificateCheck.UNKNOWN_CA);
        }
        if (!signatureValid(cert)) {
            return rejected(CertificateCheck.SIGNATURE);
        }
        if (cert.getType() != OpenSshCertificate.Type.USER) {
            return rejected(CertificateCheck.TYPE);
        }
        String validity = validityProblem(cert);
        if (validity != null) {
            return rejected(validity);
        }
        if (user == null || cert.getPrincipals() == null || !cert.getPrincipals().contains(user)) {
            return rejected(CertificateCheck.PRINCIPAL); // also: no principals (OpenSSH would allow any user)
        }
        String option = criticalOptionProblem(cert, clientIp);
        if (option != null) {
            return rejected(option);
        }
        String refusal = null;
        for (CertAuthority signer : signers) {
            String reason = signer.options().certificateRefusal(cert.getPrincipals(), clientIp, clock.instant());
            if (reason == null) {
                return new CertificateCheck.Accepted(KeyFingerprint.of(cert.getCertPubKey()), signer, user,
                        restrictions(signer, cert));
            }
            refusal = refusal == null ? reason : refusal;
        }
        return rejected(refusal);
    }

    /**
     * The CA line's restrictions, with forwarding off unless the certificate has the {@code permit-port-forwarding}
     * extension (sshd ANDs the line's and the certificate's permissions; {@code ssh-keygen -O clear} drops it).
     */
    private static ForwardingRestrictions restrictions(CertAuthority signer, OpenSshCertificate cert) {
        ForwardingRestrictions line = signer.options().forwarding();
        boolean permitted = cert.getExtensions() != null && cert.getExtensions().stream()
                .anyMatch(e -> PERMIT_PORT_FORWARDING.equals(e.getName()));
        return permitted ? line : line.withoutPortForwarding();
    }

    private static List<CertAuthority> signingAuthorities(OpenSshCertificate cert, Collection<CertAuthority> authorities) {
        PublicKey ca = cert.getCaPubKey();
        if (ca == null) {
            return List.of();
        }
        String fingerprint = KeyFingerprint.of(ca);
        return authorities.stream()
                .filter(a -> a.fingerprint().equals(fingerprint) && KeyUtils.compareKeys(a.key(), ca))
                .toList();
    }

    private static boolean signatureValid(OpenSshCertificate cert) {
        String algorithm = cert.getSignatureAlgorithm();
        PublicKey ca = cert.getCaPubKey();
        if (algorithm == null || !CA_SIGNATURE_ALGORITHMS.contains(algorithm)
                || !KeyUtils.getKeyType(ca).equals(KeyUtils.getCanonicalKeyType(algorithm))) {
            return false;
        }
        BuiltinSignatures factory = BuiltinSignatures.fromFactoryName(algorithm);
        if (factory == null || !factory.isSupported()) {
            return false;
        }
        try {
            Signature verifier = factory.create();
            verifier.initVerifier(null, ca);
            verifier.update(null, cert.getMessage());
            return verifier.verify(null, cert.getSignature());
        } catch (Exception e) {
            return false;
        }
    }

    private String validityProblem(OpenSshCertificate cert) {
        long now = clock.instant().getEpochSecond();
        long skew = CLOCK_SKEW.toSeconds();
        // valid_after <= now < valid_before, widened by the skew on both ends; the fields are unsigned.
        if (Long.compareUnsigned(cert.getValidAfter(), now + skew) > 0) {
            return CertificateCheck.NOT_YET_VALID;
        }
        if (cert.getValidBefore() != OpenSshCertificate.INFINITY
                && Long.compareUnsigned(now - skew, cert.getValidBefore()) >= 0) {
            return CertificateCheck.EXPIRED;
        }
        return null;
    }

    private static String criticalOptionProblem(OpenSshCertificate cert, String clientIp) {
        if (cert.getCriticalOptions() == null) {
            return null;
        }
        for (OpenSshCertificate.CertificateOption option : cert.getCriticalOptions()) {
            switch (option.getName()) {
                case OpenSshCertificate.SOURCE_ADDRESS -> {
                    boolean matches = SourceAddressList.parse(option.getData())
                            .map(list -> list.matches(clientIp)).orElse(false);
                    if (!matches) {
                        return CertificateCheck.SOURCE;
                    }
                }
                case OpenSshCertificate.FORCE_COMMAND -> {
                    return CertificateCheck.FORCE_COMMAND; // there is no shell to force
                }
                default -> {
                    return CertificateCheck.CRITICAL_OPTION;
                }
            }
        }
        return null;
    }

    private static CertificateCheck rejected(String reason) {
        return new CertificateCheck.Rejected(reason);
    }
}
