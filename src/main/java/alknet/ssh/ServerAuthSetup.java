package alknet.ssh;

import alknet.config.DynamicConfigHolder;
import alknet.ops.AlknetMetrics;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.auth.pubkey.UserAuthPublicKeyFactory;

import java.util.List;

/** How the server authenticates (20-auth-config.md section 2): public key only, against the current config. */
final class ServerAuthSetup {
    private ServerAuthSetup() {}

    static void apply(SshServer server, DynamicConfigHolder config, AlknetMetrics metrics) {
        server.setUserAuthFactories(List.of(UserAuthPublicKeyFactory.INSTANCE));
        server.setPublickeyAuthenticator(new AuthorizedKeyAuthenticator(config, metrics));
        server.setPasswordAuthenticator(null);
        server.setKeyboardInteractiveAuthenticator(null);
        server.setGSSAuthenticator(null);
        server.setHostBasedAuthenticator(null);
    }
}
