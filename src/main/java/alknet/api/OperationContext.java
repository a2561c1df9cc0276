package alknet.api;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * What a handler knows about the call it serves (30-call-protocol.md section 3).
 *
 * @param identity        the authenticated caller: the session's identity, never one named in a payload
 * @param requestId       the caller's request id
 * @param deadline        absolute epoch milliseconds, or 0 for none (subscriptions)
 * @param abortSignal     fires when the call must stop
 * @param env             for nested calls: they carry this call's id as parent and this identity
 * @param parentRequestId the request that made this call, or null
 * @param metadata        the caller's free-form metadata (never null)
 * @param peer            the control connection the call came on (its other end can be called back), or null for a
 *                        call from local code or another cluster member
 */
public record OperationContext(Identity identity, String requestId, long deadline, AbortSignal abortSignal,
                               OperationEnv env, String parentRequestId, JsonObject metadata, CallPeer peer) {
    public OperationContext {
        metadata = metadata == null ? new JsonObject() : metadata;
    }

    /** A context without a connection (local code, tests). */
    public OperationContext(Identity identity, String requestId, long deadline, AbortSignal abortSignal,
                            OperationEnv env, String parentRequestId, JsonObject metadata) {
        this(identity, requestId, deadline, abortSignal, env, parentRequestId, metadata, null);
    }

    /** Completes with the reason when the call is aborted. */
    public Future<CallFailure> aborted() {
        return abortSignal.future();
    }
}
