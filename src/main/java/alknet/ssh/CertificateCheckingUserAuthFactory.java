package alknet.ssh;

import org.apache.sshd.server.auth.pubkey.UserAuthPublicKey;
import org.apache.sshd.server.auth.pubkey.UserAuthPublicKeyFactory;
import org.apache.sshd.server.session.ServerSession;

/** Installs {@link CertificateCheckingUserAuth} as the server's {@code publickey} method. */
final class CertificateCheckingUserAuthFactory extends UserAuthPublicKeyFactory {
    private final AuthorizedKeyAuthenticator authenticator;

    CertificateCheckingUserAuthFactory(AuthorizedKeyAuthenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    public UserAuthPublicKey createUserAuth(ServerSession session) {
        return new CertificateCheckingUserAuth(getSignatureFactories(), authenticator);
    }
}
