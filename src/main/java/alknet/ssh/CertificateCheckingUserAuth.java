package alknet.ssh;

import alknet.auth.CertificateCheck;
import org.apache.sshd.common.NamedFactory;
import org.apache.sshd.common.config.keys.OpenSshCertificate;
import org.apache.sshd.common.signature.Signature;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.common.util.buffer.ByteArrayBuffer;
import org.apache.sshd.server.auth.pubkey.UserAuthPublicKey;
import org.apache.sshd.server.session.ServerSession;

import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.util.List;

/**
 * MINA's {@code publickey} method with alknet's certificate checks first (20-auth-config.md section 2).
 * <p>
 * MINA itself drops host certificates, certificates outside their validity (with no skew) and badly signed ones
 * before it asks the {@link AuthorizedKeyAuthenticator}, and never checks CA trust or principals. So this peeks at
 * the offered key (without consuming the request) and, for a certificate, runs alknet's full check
 * (configured CA, signature, user type, validity with 60 s skew, principals, critical options): a refusal is logged
 * with its {@code reason} and answered with failure. Everything else, including the signature over the request,
 * stays MINA's. A certificate alknet accepts within the skew window but MINA's no-skew validity test refuses is
 * still refused (logged as expired / not yet valid): MINA offers no hook to widen that test.
 */
final class CertificateCheckingUserAuth extends UserAuthPublicKey {
    private final AuthorizedKeyAuthenticator authenticator;
    private OpenSshCertificate current;

    CertificateCheckingUserAuth(List<NamedFactory<Signature>> factories, AuthorizedKeyAuthenticator authenticator) {
        super(factories);
        this.authenticator = authenticator;
    }

    @Override
    public Boolean doAuth(Buffer buffer, boolean init) throws Exception {
        PublicKey key = peekKey(buffer);
        if (key instanceof OpenSshCertificate certificate) {
            if (!authenticator.precheckCertificate(getUsername(), certificate, getServerSession())) {
                return Boolean.FALSE;
            }
            current = certificate;
            try {
                return super.doAuth(buffer, init);
            } finally {
                current = null;
            }
        }
        return super.doAuth(buffer, init);
    }

    /**
     * The key of a {@code publickey} request (boolean has-signature, string algorithm, string key blob), read as
     * MINA reads it; the buffer's read position is left where it was. Null when it does not parse (MINA then
     * refuses the request itself).
     */
    private static PublicKey peekKey(Buffer buffer) {
        int start = buffer.rpos();
        try {
            buffer.getBoolean();
            buffer.getString();
            int length = buffer.getInt();
            if (length < 0 || length > buffer.available()) {
                return null;
            }
            return new ByteArrayBuffer(buffer.array(), buffer.rpos(), length).getRawPublicKey();
        } catch (Exception e) {
            return null;
        } finally {
            buffer.rpos(start);
        }
    }

    @Override
    protected void verifyCertificateSignature(ServerSession session, OpenSshCertificate cert) throws Exception {
        try {
            super.verifyCertificateSignature(session, cert);
        } catch (Exception e) {
            logMinaRefusal(session, cert, CertificateCheck.SIGNATURE);
            throw e;
        }
    }

    @Override
    protected void verifyCriticalOptions(ServerSession session, OpenSshCertificate cert) throws CertificateException {
        try {
            super.verifyCriticalOptions(session, cert);
        } catch (CertificateException | RuntimeException e) {
            logMinaRefusal(session, cert, CertificateCheck.CRITICAL_OPTION);
            throw e;
        }
    }

    private void logMinaRefusal(ServerSession session, OpenSshCertificate cert, String reason) {
        if (cert == current) {
            authenticator.minaRefused(getUsername(), cert, session, reason);
        }
    }
}
