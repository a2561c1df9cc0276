package alknet.api;

import io.vertx.core.Future;

import java.util.List;

/** A running server node (00-overview.md, embedding API). */
public interface AlknetServer {
    /** The first SSH listener's port (useful when 0 was asked). */
    int sshPort();

    /** The bound port of every listener, in configuration order. */
    List<Integer> sshPorts();

    /** The ops HTTP port, or -1 when ops is disabled. */
    int opsPort();

    /** The host key's SHA-256 fingerprint (the node id). */
    String hostKeyFingerprint();

    /** Swaps the auth part (keys, CAs, identities, tokens); the next login and the next token see it. */
    Future<Void> reloadAuth(AuthOptions auth);

    /** Swaps the forwarding policy; every channel open after this returns sees it, open channels stay. */
    Future<Void> reloadForwarding(ForwardingRules rules);

    /** Swaps the limits; new connections and sessions see them. */
    void reloadLimits(Limits limits);

    /** The limits in force. */
    Limits limits();

    /**
     * Re-reads the configuration the server was started from ({@link ServeOptions#configSource}) and swaps in the
     * new hot-reloadable part (what SIGHUP and {@code POST /admin/reload} do), TLS certificates included. Fails with
     * the reason, the running config unchanged, when the files are invalid or the server has no source.
     */
    Future<ReloadResult> reloadConfig();

    /**
     * Re-reads every TLS listener's certificate and key files: new handshakes present the new certificate,
     * established sessions stay. Fails when a listener's files cannot be loaded; that listener keeps its old one.
     */
    Future<Void> reloadTls();

    /** Graceful: unready, stop accepting, let open channels finish (drain timeout), SSH disconnect, close. */
    Future<Void> close();
}
