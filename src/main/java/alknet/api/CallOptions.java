package alknet.api;

import io.vertx.core.json.JsonObject;

import java.time.Duration;

/**
 * Per-call settings (30-call-protocol.md section 2). Immutable; each {@code with}-style method returns a copy.
 * Without a deadline or timeout a query or mutation ends 30 s (the router's default) after it is sent and a
 * subscription runs until it ends or is cancelled.
 */
public final class CallOptions {
    public static final CallOptions DEFAULT = new CallOptions(0, null, 0, null, null, null, 0);

    private final long deadline;
    private final Duration timeout;
    private final long idleTimeoutMillis;
    private final String parentRequestId;
    private final AbortSignal parentAbort;
    private final JsonObject metadata;
    private final long deadlineCap;

    private CallOptions(long deadline, Duration timeout, long idleTimeoutMillis, String parentRequestId,
                        AbortSignal parentAbort, JsonObject metadata, long deadlineCap) {
        this.deadline = deadline;
        this.timeout = timeout;
        this.idleTimeoutMillis = idleTimeoutMillis;
        this.parentRequestId = parentRequestId;
        this.parentAbort = parentAbort;
        this.metadata = metadata;
        this.deadlineCap = deadlineCap;
    }

    /** Absolute end of the call in epoch milliseconds. */
    public CallOptions deadline(long epochMillis) {
        if (epochMillis <= 0) {
            throw new IllegalArgumentException("deadline must be a positive epoch-millisecond time, was " + epochMillis);
        }
        return new CallOptions(epochMillis, null, idleTimeoutMillis, parentRequestId, parentAbort, metadata, deadlineCap);
    }

    /** The call ends this long after it is sent. */
    public CallOptions timeout(Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, was " + value);
        }
        return new CallOptions(0, value, idleTimeoutMillis, parentRequestId, parentAbort, metadata, deadlineCap);
    }

    /** A subscription is aborted with {@code TIMEOUT} after this long without an event. */
    public CallOptions idleTimeout(Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("idle timeout must be positive, was " + value);
        }
        return new CallOptions(deadline, timeout, value.toMillis(), parentRequestId, parentAbort, metadata, deadlineCap);
    }

    /** Makes this a nested call: it carries {@code requestId} as parent and is aborted with {@code abort}. */
    public CallOptions parent(String requestId, AbortSignal abort) {
        return new CallOptions(deadline, timeout, idleTimeoutMillis, requestId, abort, metadata, deadlineCap);
    }

    /** The call ends no later than {@code epochMillis} (0: no cap), whatever else is set: a parent's deadline. */
    public CallOptions deadlineAtMost(long epochMillis) {
        return new CallOptions(deadline, timeout, idleTimeoutMillis, parentRequestId, parentAbort, metadata, epochMillis);
    }

    public CallOptions metadata(JsonObject value) {
        return new CallOptions(deadline, timeout, idleTimeoutMillis, parentRequestId, parentAbort,
                value == null ? null : value.copy(), deadlineCap);
    }

    /** The absolute deadline for a call sent at {@code nowMillis}, or 0 for none. */
    public long resolveDeadline(long nowMillis, boolean subscription, Duration defaultTimeout) {
        long resolved;
        if (deadline > 0) {
            resolved = deadline;
        } else if (timeout != null) {
            resolved = nowMillis + timeout.toMillis();
        } else {
            resolved = subscription ? 0 : nowMillis + defaultTimeout.toMillis();
        }
        if (deadlineCap > 0 && (resolved == 0 || deadlineCap < resolved)) {
            return deadlineCap;
        }
        return resolved;
    }

    public long idleTimeoutMillis() {
        return idleTimeoutMillis;
    }

    public String parentRequestId() {
        return parentRequestId;
    }

    /** The parent's abort signal, or null for a top-level call. */
    public AbortSignal parentAbort() {
        return parentAbort;
    }

    public JsonObject metadata() {
        return metadata;
    }
}
