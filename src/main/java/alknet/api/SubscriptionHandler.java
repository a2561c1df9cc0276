package alknet.api;

/**
 * Starts a subscription: emit events through the sink, then complete or fail it. Stop emitting when
 * {@link OperationContext#aborted()} completes (caller gone, timed out or cancelled). Never block in it.
 */
@FunctionalInterface
public interface SubscriptionHandler {
    void subscribe(OperationContext context, Object input, SubscriptionSink sink);
}
