package alknet.call.operation;

import alknet.api.CallSubscription;
import alknet.api.CallErrorCode;
import alknet.api.CallFailure;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * The {@link CallSubscription} every route hands out: a producer pushes events, ends or fails it; the consumer
 * reads it as a Vert.x stream with pause, resume and fetch. Events wait while paused or before a handler is set,
 * at most {@code maxBuffered} of them: one more aborts the subscription (the producer is told through
 * {@code onCancel}), so a stalled reader costs bounded memory. Handlers run on the pushing thread, one at a time.
 */
public final class EventStream implements CallSubscription {
    private static final Logger LOG = LoggerFactory.getLogger(EventStream.class);

    private enum State { OPEN, ENDING, FAILING, DONE }

    private final String requestId;
    private final int maxBuffered;
    private final Consumer<CallFailure> onCancel;
    private final Promise<Void> done = Promise.promise();
    private final ArrayDeque<Object> queue = new ArrayDeque<>();
    private State state = State.OPEN;
    private CallFailure failure;
    private long demand = Long.MAX_VALUE;
    private boolean delivering;
    private Handler<Object> handler;
    private Handler<Void> endHandler;
    private Handler<Throwable> exceptionHandler;

    /** @param onCancel told when the consumer cancels or falls behind, with the reason; stops the producer */
    public EventStream(String requestId, int maxBuffered, Consumer<CallFailure> onCancel) {
        if (maxBuffered < 1) {
            throw new IllegalArgumentException("a subscription buffer holds at least 1 event, was " + maxBuffered);
        }
        this.requestId = requestId;
        this.maxBuffered = maxBuffered;
        this.onCancel = onCancel;
    }

    @Override
    public String requestId() {
        return requestId;
    }

    /** Adds an event; false when the stream is over or just overflowed (and was aborted). */
    public boolean push(Object event) {
        CallFailure overflow = null;
        synchronized (this) {
            if (state != State.OPEN) {
                return false;
            }
            if (queue.size() >= maxBuffered) {
                overflow = CallFailure.of(CallErrorCode.ABORTED, "the subscriber fell behind: " + maxBuffered
                        + " events were waiting; read the stream faster or keep it resumed");
                terminate(State.FAILING, overflow, true);
            } else {
                queue.add(event);
            }
        }
        if (overflow != null) {
            onCancel.accept(overflow);
        }
        drain();
        return overflow == null;
    }

    /** The producer ended normally; buffered events are still delivered first. */
    public void end() {
        synchronized (this) {
            if (state != State.OPEN) {
                return;
            }
            terminate(State.ENDING, null, false);
        }
        drain();
    }

    /** The producer failed; buffered events are still delivered first. */
    public void fail(CallFailure reason) {
        synchronized (this) {
            if (state != State.OPEN) {
                return;
            }
            terminate(State.FAILING, reason, false);
        }
        drain();
    }

    @Override
    public void cancel() {
        CallFailure reason = CallFailure.of(CallErrorCode.ABORTED, "cancelled by the subscriber");
        synchronized (this) {
            if (state != State.OPEN) {
                return;
            }
            terminate(State.FAILING, reason, true);
        }
        onCancel.accept(reason);
        drain();
    }

    private void terminate(State next, CallFailure reason, boolean dropQueued) {
        state = next;
        failure = reason;
        if (dropQueued) {
            queue.clear();
        }
        if (reason == null) {
            done.tryComplete();
        } else {
            done.tryFail(reason);
        }
    }

    /** Events buffered right now (for tests and metrics). */
    public synchronized int buffered() {
        return queue.size();
    }

    @Override
    public Future<Void> done() {
        return done.future();
    }

    private void drain() {
        while (true) {
            Runnable delivery;
            synchronized (this) {
                if (delivering) {
                    return;
                }
                delivery = nextDelivery();
                if (delivery == null) {
                    return;
                }
                delivering = true;
            }
            try {
                delivery.run();
            } catch (RuntimeException e) {
                LOG.warn("subscription {} handler threw {}; the stream goes on", requestId, e.getClass().getName());
            } finally {
                synchronized (this) {
                    delivering = false;
                }
            }
        }
    }

    /** Called holding the lock: the next thing to hand to the consumer, or null. */
    private Runnable nextDelivery() {
        if (!queue.isEmpty()) {
            if (handler == null || demand == 0) {
                return null;
            }
            Object event = queue.poll();
            if (demand != Long.MAX_VALUE) {
                demand--;
            }
            Handler<Object> h = handler;
            return () -> h.handle(event);
        }
        if (state == State.ENDING && endHandler != null) {
            state = State.DONE;
            Handler<Void> h = endHandler;
            return () -> h.handle(null);
        }
        if (state == State.FAILING && exceptionHandler != null) {
            state = State.DONE;
            Handler<Throwable> h = exceptionHandler;
            CallFailure reason = failure;
            return () -> h.handle(reason);
        }
        return null;
    }

    @Override
    public EventStream exceptionHandler(Handler<Throwable> h) {
        synchronized (this) {
            exceptionHandler = h;
        }
        drain();
        return this;
    }

    @Override
    public EventStream handler(Handler<Object> h) {
        synchronized (this) {
            handler = h;
        }
        drain();
        return this;
    }

    @Override
    public EventStream pause() {
        synchronized (this) {
            demand = 0;
        }
        return this;
    }

    @Override
    public EventStream resume() {
        synchronized (this) {
            demand = Long.MAX_VALUE;
        }
        drain();
        return this;
    }

    @Override
    public EventStream fetch(long amount) {
        if (amount < 0) {
            throw new IllegalArgumentException("fetch amount must not be negative, was " + amount);
        }
        synchronized (this) {
            demand = Long.MAX_VALUE - demand <= amount ? Long.MAX_VALUE : demand + amount;
        }
        drain();
        return this;
    }

    @Override
    public EventStream endHandler(Handler<Void> h) {
        synchronized (this) {
            endHandler = h;
        }
        drain();
        return this;
    }
}
