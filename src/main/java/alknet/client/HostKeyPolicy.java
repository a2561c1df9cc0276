package alknet.client;

import alknet.auth.KeyFingerprint;
import org.apache.sshd.client.keyverifier.ServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.SocketAddress;
import java.security.PublicKey;

/**
 * Host-key verification (10-tunnel.md section 5): a pinned fingerprint must match; otherwise trust on first use
 * with {@link KnownHosts}; a changed key is refused. The last refusal is kept so the caller can exit with code 3.
 * Keys are known per host:port: the session verticle names the server of each attempt with {@link #target}
 * (attempts never overlap, so the name in force is the one of the connection being verified).
 */
final class HostKeyPolicy implements ServerKeyVerifier {
    private static final Logger STATUS = LoggerFactory.getLogger("alknet.status");

    private final String pinned;
    private final KnownHosts knownHosts;
    private final boolean acceptAny;
    private volatile String hostPort;
    private volatile String refusal;

    HostKeyPolicy(String pinned, KnownHosts knownHosts, String hostPort, boolean acceptAny) {
        this.pinned = pinned;
        this.knownHosts = knownHosts;
        this.hostPort = hostPort;
        this.acceptAny = acceptAny;
    }

    /** The server ({@code host:port} as in {@link KnownHosts#hostKey}) the next connection goes to. */
    void target(String serverHostPort) {
        this.hostPort = serverHostPort;
    }

    String lastRefusal() {
        return refusal;
    }

    @Override
    public boolean verifyServerKey(ClientSession session, SocketAddress remoteAddress, PublicKey serverKey) {
        String hostPort = this.hostPort;
        String presented = KeyFingerprint.of(serverKey);
        if (acceptAny) {
            String known = pinned != null ? pinned : knownHosts.fingerprint(hostPort).orElse(null);
            STATUS.warn("WARNING: the server's host key is NOT verified (--insecure-accept-any-host-key): {} presented {}{};"
                    + " anyone on the path can read and change this session", hostPort, presented,
                    known != null && !known.equals(presented) ? ", which does NOT match the expected " + known : "");
            return true;
        }
        if (pinned != null) {
            return check(pinned, presented, "the pinned fingerprint (--host-key-fingerprint)", hostPort);
        }
        String known = knownHosts.fingerprint(hostPort).orElse(null);
        if (known != null) {
            return check(known, presented, "the key recorded in " + knownHosts.file(), hostPort);
        }
        try {
            knownHosts.remember(hostPort, presented);
            STATUS.info("new host key for {} stored in {}: {}", hostPort, knownHosts.file(), presented);
        } catch (IOException e) {
            STATUS.warn("host key for {} accepted but not stored ({}): {}", hostPort, e.getMessage(), presented);
        }
        return true;
    }

    private boolean check(String expected, String presented, String source, String hostPort) {
        if (expected.equals(presented)) {
            return true;
        }
        refusal = "host key mismatch for " + hostPort + ": server presented " + presented + " but " + source
                + " is " + expected + ". If the server's key really changed, remove its line from "
                + knownHosts.file() + " or pin the new fingerprint.";
        return false;
    }
}
