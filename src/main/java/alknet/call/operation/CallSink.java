package alknet.call.operation;

import alknet.api.CallFailure;
import io.vertx.core.Handler;

/**
 * Receives the outcome of one dispatched operation, for whatever carries it back (a control channel, the event
 * bus, a local caller). Exactly one terminal call: {@link #result}, {@link #completed} or {@link #failed};
 * {@link #event} only before it. When the call is aborted the carrier hears of it through the abort signal and
 * none of these is called.
 */
public interface CallSink {
    /** One event of a subscription. */
    void event(Object event);

    /** The output of a query or mutation. */
    void result(Object output);

    /** A subscription ended normally. */
    void completed();

    void failed(CallFailure failure);

    default boolean writeQueueFull() {
        return false;
    }

    default void drainHandler(Handler<Void> handler) {
    }
}
