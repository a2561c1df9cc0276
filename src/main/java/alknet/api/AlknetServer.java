package alknet.api;

import alknet.auth.AuthConfig;
import alknet.config.ConfigReloader;
import alknet.config.DynamicConfig;
import alknet.policy.ForwardingPolicy;
import io.vertx.core.Future;

/** A running server node (00-overview.md, embedding API). */
public interface AlknetServer {
    /** The SSH listener's port (useful when 0 was asked). */
    int sshPort();

    /** The ops HTTP port, or -1 when ops is disabled. */
    int opsPort();

    /** The host key's SHA-256 fingerprint (the node id). */
    String hostKeyFingerprint();

    /** Swaps auth, forwarding and limits at once; new sessions and channel opens see the new config. */
    void reloadAll(DynamicConfig config);

    /** Swaps the auth part only (keys, CAs, identities, tokens); the next login and the next token see it. */
    void reloadAuth(AuthConfig auth);

    /** Swaps the forwarding policy only; every channel open after this returns sees it, open channels stay. */
    void reloadForwarding(ForwardingPolicy policy);

    /**
     * Re-reads the configuration the server was started from ({@link ServeOptions#configSource}) and swaps in the
     * new dynamic part (what SIGHUP and {@code POST /admin/reload} do). Fails with the reason, the running config
     * unchanged, when the files are invalid or the server has no configuration source.
     */
    Future<ConfigReloader.Result> reloadConfig();

    /**
     * Re-reads every TLS listener's certificate and key files (also part of {@link #reloadConfig}): new handshakes
     * present the new certificate, established sessions stay. Fails when a listener's files cannot be loaded; that
     * listener keeps its old certificate.
     */
    Future<Void> reloadTls();

    DynamicConfig currentConfig();

    /** Graceful: unready, stop accepting, SSH disconnect to every session, drain, close. */
    Future<Void> close();
}
