package alknet.call.registry;

import alknet.api.CallFailure;
import alknet.api.SubscriptionSink;
import io.vertx.core.Handler;

/** The view of a call's outcome a subscription handler gets. */
final class HandlerSink implements SubscriptionSink {
    private final TrackedOutcome outcome;

    HandlerSink(TrackedOutcome outcome) {
        this.outcome = outcome;
    }

    @Override
    public void next(Object event) {
        outcome.event(event);
    }

    @Override
    public void complete() {
        outcome.completed();
    }

    @Override
    public void fail(Throwable failure) {
        outcome.failed(CallFailure.from(failure));
    }

    @Override
    public boolean closed() {
        return outcome.ended();
    }

    @Override
    public boolean writeQueueFull() {
        return outcome.writeQueueFull();
    }

    @Override
    public void drainHandler(Handler<Void> handler) {
        outcome.drainHandler(handler);
    }
}
