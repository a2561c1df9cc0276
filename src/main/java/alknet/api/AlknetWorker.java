package alknet.api;

import io.vertx.core.Future;

/**
 * A running worker (40-cluster-ops.md sections 1-2): a client session to a head that registers this node's operations
 * under {@link #name()}, heartbeats, and registers again after every reconnect and every change to {@link #registry()}.
 */
public interface AlknetWorker {
    /** The alias the operations are registered under: callers reach them as {@code /NAME/service/op} through any head. */
    String name();

    /** The client session to the head (calls to the head, pub/sub, tunnels). */
    AlknetSession session();

    /** The worker's operations ({@code /node/info} and {@code /node/ping} built in); a change is registered again. */
    Operations registry();

    /** True while the session is up and the head holds the current registration. */
    boolean registered();

    /**
     * Completes when a head first accepts the registration; fails when the worker stops for good before that
     * (see {@link #fatal()}) or the session never comes up (authentication refused, host key mismatch).
     */
    Future<Void> firstRegistration();

    /**
     * Fails when the worker stops for good: another session of the same identity took the alias over, the head
     * refused the name or operations as invalid ({@code VALIDATION_ERROR}), or the session cannot go on
     * (authentication refused at the first connect, host key mismatch). Never completes otherwise.
     */
    Future<Void> fatal();

    /** Stops heartbeats and closes the session (the head then forgets the worker at once). */
    Future<Void> close();
}
