package alknet.api;

import alknet.config.DynamicConfig;
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

    DynamicConfig currentConfig();

    /** Graceful: unready, stop accepting, SSH disconnect to every session, drain, close. */
    Future<Void> close();
}
