package alknet.ssh;

import alknet.metrics.AlknetMetrics;
import org.apache.sshd.server.SshServer;

import java.util.List;

/**
 * How the server authenticates (20-auth-config.md section 2): public key only (plain keys and OpenSSH user
 * certificates), against the current config.
 */
final class ServerAuthSetup {
    private ServerAuthSetup() {}

    static void apply(SshServer server, ServerRules rules, AlknetMetrics metrics) {
        AuthorizedKeyAuthenticator authenticator = new AuthorizedKeyAuthenticator(rules, metrics);
        // publickey with alknet's certificate checks ahead of MINA's (CertificateCheckingUserAuth)
        server.setUserAuthFactories(List.of(new CertificateCheckingUserAuthFactory(authenticator)));
        server.setPublickeyAuthenticator(authenticator);
        server.setPasswordAuthenticator(null);
        server.setKeyboardInteractiveAuthenticator(null);
        server.setGSSAuthenticator(null);
        server.setHostBasedAuthenticator(null);
    }
}
