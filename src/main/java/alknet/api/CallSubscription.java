package alknet.api;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.streams.ReadStream;

/**
 * The caller's side of a subscription: its events as a {@link ReadStream}. A normal end calls the end handler;
 * a {@code call.error} (including the connection closing: {@code UNAVAILABLE}) calls the exception handler with
 * a {@link alknet.api.CallFailure} and not the end handler. Events that arrive before a handler is set, or
 * while paused, wait in a bounded buffer; overflowing it aborts the subscription.
 */
public interface CallSubscription extends ReadStream<Object> {
    String requestId();

    /** Stops the subscription: the callee is told ({@code call.aborted}) and this stream fails with ABORTED. */
    void cancel();

    /** Succeeds on a normal end, fails with the {@link alknet.api.CallFailure} otherwise. */
    Future<Void> done();

    @Override
    CallSubscription exceptionHandler(Handler<Throwable> handler);

    @Override
    CallSubscription handler(Handler<Object> handler);

    @Override
    CallSubscription pause();

    @Override
    CallSubscription resume();

    @Override
    CallSubscription fetch(long amount);

    @Override
    CallSubscription endHandler(Handler<Void> endHandler);
}
