package alknet.ssh;

import alknet.auth.Identity;
import alknet.auth.KeyFingerprint;
import alknet.config.DynamicConfigHolder;
import alknet.ops.AlknetMetrics;
import org.apache.sshd.server.auth.pubkey.PublickeyAuthenticator;
import org.apache.sshd.server.session.ServerSession;

import java.security.PublicKey;

/**
 * Public-key login against the current authorized keys (MINA's synchronous path, 10-tunnel.md section 2).
 * Refusals are logged here; the accept line is written once the session is authenticated.
 */
final class AuthorizedKeyAuthenticator implements PublickeyAuthenticator {
    private final DynamicConfigHolder config;
    private final AlknetMetrics metrics;

    AuthorizedKeyAuthenticator(DynamicConfigHolder config, AlknetMetrics metrics) {
        this.config = config;
        this.metrics = metrics;
    }

    @Override
    public boolean authenticate(String username, PublicKey key, ServerSession session) {
        String fingerprint = KeyFingerprint.of(key);
        if (config.get().authorizedKeys().allows(key)) {
            session.setAttribute(SessionAttributes.OFFERED_KEY, fingerprint);
            session.setAttribute(SessionAttributes.IDENTITY, Identity.ofKey(fingerprint));
            return true;
        }
        metrics.authAttempt("reject", "publickey");
        ServerAuthLog.authAttempt(session, username, fingerprint, false, "unknown-key");
        return false;
    }
}
