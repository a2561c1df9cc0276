package alknet.ssh;

import alknet.log.ServerLog;
import alknet.ssh.io.SessionAttributes;
import alknet.auth.CertificateCheck;
import alknet.auth.ConfigIdentityProvider;
import alknet.auth.KeyFingerprint;
import alknet.auth.KeyLoginCheck;
import alknet.metrics.AlknetMetrics;
import alknet.ssh.io.VertxIoSession;
import alknet.stream.TransportInfo;
import org.apache.sshd.common.config.keys.OpenSshCertificate;
import org.apache.sshd.server.auth.pubkey.PublickeyAuthenticator;
import org.apache.sshd.server.session.ServerSession;

import java.security.PublicKey;

/**
 * Public-key login against the current auth config (MINA's synchronous path, 10-tunnel.md section 2;
 * 20-auth-config.md sections 1-2): a plain key must be an authorized key whose line's options allow this login
 * ({@code from=}, {@code expiry-time=}, {@code command=}) and gets its {@code [[auth.identities]]} scopes or the default
 * scopes; the line's forwarding restrictions stay on the session ({@link SessionAttributes#FORWARDING_RESTRICTIONS}).
 * A certificate must pass alknet's own checks ({@link ConfigIdentityProvider}), including its CA line's options, and
 * gets its CA's scopes plus {@code principal:<user>}. A CA key is not a login key unless it is also a plain key.
 * Refusals are logged here (and by {@link CertificateCheckingUserAuth} for certificates MINA would drop before
 * asking); the accept line is written once the session is authenticated.
 */
final class AuthorizedKeyAuthenticator implements PublickeyAuthenticator {
    private final AlknetMetrics metrics;
    private final ConfigIdentityProvider identities;

    AuthorizedKeyAuthenticator(ServerRules rules, AlknetMetrics metrics) {
        this.metrics = metrics;
        this.identities = new ConfigIdentityProvider(rules::auth);
    }

    @Override
    public boolean authenticate(String username, PublicKey key, ServerSession session) {
        if (key instanceof OpenSshCertificate certificate) {
            return authenticateCertificate(username, certificate, session);
        }
        String fingerprint = KeyFingerprint.of(key);
        KeyLoginCheck check = identities.checkKey(key, clientIp(session)); // authorized_keys line options
        if (check instanceof KeyLoginCheck.Accepted accepted) {
            session.setAttribute(SessionAttributes.OFFERED_KEY, fingerprint);
            session.setAttribute(SessionAttributes.IDENTITY, accepted.identity());
            session.setAttribute(SessionAttributes.FORWARDING_RESTRICTIONS, accepted.restrictions());
            return true;
        }
        reject(session, username, fingerprint, ((KeyLoginCheck.Rejected) check).reason());
        return false;
    }

    private boolean authenticateCertificate(String username, OpenSshCertificate certificate, ServerSession session) {
        CertificateCheck check = checkCertificate(username, certificate, session);
        if (check instanceof CertificateCheck.Accepted accepted) {
            session.setAttribute(SessionAttributes.OFFERED_KEY, accepted.keyFingerprint());
            session.setAttribute(SessionAttributes.IDENTITY, accepted.identity());
            session.setAttribute(SessionAttributes.FORWARDING_RESTRICTIONS, accepted.restrictions());
            return true;
        }
        reject(session, username, certifiedKeyFingerprint(certificate), ((CertificateCheck.Rejected) check).reason());
        return false;
    }

    /**
     * alknet's certificate checks, before MINA's own (which drop host-type, expired and badly signed certificates
     * without asking this authenticator). On refusal the reject line is logged and false returned.
     */
    boolean precheckCertificate(String username, OpenSshCertificate certificate, ServerSession session) {
        CertificateCheck check = checkCertificate(username, certificate, session);
        if (check instanceof CertificateCheck.Rejected rejected) {
            reject(session, username, certifiedKeyFingerprint(certificate), rejected.reason());
            return false;
        }
        // Within the 60 s skew allowance alknet accepts, but MINA's isValidNow (no skew) would still refuse the
        // certificate before asking us; say so in the log instead of refusing silently.
        if (!OpenSshCertificate.isValidNow(certificate)) {
            long now = System.currentTimeMillis() / 1000;
            String reason = Long.compareUnsigned(certificate.getValidAfter(), now) > 0
                    ? CertificateCheck.NOT_YET_VALID : CertificateCheck.EXPIRED;
            reject(session, username, certifiedKeyFingerprint(certificate), reason);
            return false;
        }
        return true;
    }

    /** A refusal by MINA's own certificate checks after alknet's passed (e.g. a CA signature algorithm it lacks). */
    void minaRefused(String username, OpenSshCertificate certificate, ServerSession session, String reason) {
        reject(session, username, certifiedKeyFingerprint(certificate), reason);
    }

    private CertificateCheck checkCertificate(String username, OpenSshCertificate certificate, ServerSession session) {
        return identities.checkCertificate(certificate, username, clientIp(session));
    }

    private static String clientIp(ServerSession session) {
        TransportInfo t = VertxIoSession.transportInfo(session);
        return t == null ? null : t.remoteAddress();
    }

    private static String certifiedKeyFingerprint(OpenSshCertificate certificate) {
        PublicKey certified = certificate.getCertPubKey();
        return certified == null ? "unknown" : KeyFingerprint.of(certified);
    }

    private void reject(ServerSession session, String username, String fingerprint, String reason) {
        metrics.authAttempt("reject", "publickey");
        ServerLog.authAttempt(VertxIoSession.transportInfo(session), username, fingerprint, false, reason);
    }
}
