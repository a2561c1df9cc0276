package alknet;

/**
 * Every event-bus address alknet uses, in one place (00-overview.md, "Verticles and the event bus").
 * In cluster mode the same addresses span the Hazelcast-clustered bus.
 */
public final class Addresses {
    private Addresses() {}

    /** Published once when graceful shutdown starts; every verticle stops accepting new work. */
    public static final String SHUTDOWN_STARTED = "alknet.lifecycle.shutdown-started";
    /** Request/reply: a verticle's readiness check; body is the check name, reply is a JSON status. */
    public static final String READINESS_PREFIX = "alknet.ready.";
    /** Request/reply to the SSH interface: number of live sessions and their summary (no destinations). */
    public static final String SSH_SESSIONS = "alknet.ssh.sessions";
    /** Published by every client session of this Vert.x: {"state": "up"|"down"|"restored"}; for observers only (a session tells its own listeners directly). */
    public static final String CLIENT_SESSION_STATE = "alknet.client.session-state";
    /** Call-protocol router (30-call-protocol.md). Not consumed: operations are reached through {@link #service}. */
    public static final String CALL_ROUTER = "alknet.call.router";
    /** In-cluster operations of one namespace: alknet.svc.NAMESPACE (30-call-protocol.md section 4). */
    public static final String SERVICE_PREFIX = "alknet.svc.";
    /** Per-worker consumer prefix on the head that holds the worker's session: alknet.node.ALIAS (40-cluster-ops.md). */
    public static final String NODE_PREFIX = "alknet.node.";
    /** Per-head consumer prefix: alknet.head.MEMBER takes calls for every worker that head holds. */
    public static final String HEAD_PREFIX = "alknet.head.";
    /** Pub/sub bridge: topic events are published at alknet.topic.NAME (30-call-protocol.md section 5). */
    public static final String TOPIC_PREFIX = "alknet.topic.";

    public static String readiness(String check) {
        return READINESS_PREFIX + check;
    }

    /** Requests for the operations of {@code namespace} served over the event bus. */
    public static String service(String namespace) {
        return SERVICE_PREFIX + namespace;
    }

    /** Published to every member serving {@code namespace}: {"requestId"} of a call to abort. */
    public static String serviceAbort(String namespace) {
        return SERVICE_PREFIX + namespace + ".abort";
    }

    /** Calls for the worker registered as {@code alias}, taken by the head that holds its session. */
    public static String node(String alias) {
        return NODE_PREFIX + alias;
    }

    public static String nodeAbort(String alias) {
        return NODE_PREFIX + alias + ".abort";
    }

    /** Calls for any worker held by the head that is cluster member {@code memberId}. */
    public static String head(String memberId) {
        return HEAD_PREFIX + memberId;
    }

    public static String headAbort(String memberId) {
        return HEAD_PREFIX + memberId + ".abort";
    }

    /** Tells head {@code memberId} that an alias it held was taken over elsewhere: {"alias", "registrationId"}. */
    public static String headSuperseded(String memberId) {
        return HEAD_PREFIX + memberId + ".superseded";
    }

    /** Where events of {@code topic} are published; the empty topic is the broadcast address. */
    public static String topic(String topic) {
        return TOPIC_PREFIX + topic;
    }
}
