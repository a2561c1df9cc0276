package alknet.api;

import io.vertx.core.Handler;

/**
 * Where a subscription handler sends its events. Calls after the end (completed, failed or aborted) are ignored.
 * {@link #writeQueueFull()} tells a fast producer to wait for {@link #drainHandler} instead of queueing without bound.
 */
public interface SubscriptionSink {
    void next(Object event);

    void complete();

    void fail(Throwable failure);

    /** True once the subscription ended by any path. */
    boolean closed();

    boolean writeQueueFull();

    void drainHandler(Handler<Void> handler);
}
