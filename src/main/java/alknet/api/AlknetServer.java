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

    /** This node's operations, callable by every authenticated peer that passes their access rules. */
    Operations registry();

    /** The peers connected over control channels or raw carriers right now, whose operations this node can call. */
    List<CallPeer> peers();

    /** Publishes an event on {@code topic}: every subscriber, local or connected, receives it (30-call-protocol.md 5). */
    void publish(String topic, String type, Object payload);

    /** Events published on {@code topic} anywhere reach {@code handler} on this node until cancelled. */
    Future<EventSubscription> onEvent(String topic, io.vertx.core.Handler<TopicEvent> handler);

    /** The raw call carrier's port ({@link ServeOptions#rawListen}), or -1 when it is off. */
    int rawPort();

    /** Graceful: unready, stop accepting, let open channels finish (drain timeout), SSH disconnect, close. */
    Future<Void> close();
}
