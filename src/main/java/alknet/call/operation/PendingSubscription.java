package alknet.call.operation;

import alknet.api.CallSubscription;
import alknet.api.AbortSignal;
import alknet.api.CallErrorCode;
import alknet.api.CallFailure;
import io.vertx.core.Vertx;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The caller's side of one subscription, until it ends: its {@link EventStream}, its optional deadline, its idle
 * timer ({@code idleTimeout} ms without an event aborts it, 30-call-protocol.md section 2) and its link to the
 * parent's abort signal. Settled exactly once, like {@link PendingCall}.
 */
public final class PendingSubscription {
    private final Vertx vertx;
    private final String operationId;
    private final long idleMillis;
    private final EventStream stream;
    private final AtomicBoolean settled = new AtomicBoolean();
    private final Consumer<CallFailure> cancelUpstream;
    private final Runnable onSettled;
    private volatile long deadlineTimer = -1;
    private volatile long idleTimer = -1;
    private volatile long lastEventNanos = System.nanoTime();
    private volatile Runnable parentLink = () -> {};

    private PendingSubscription(Vertx vertx, String requestId, String operationId, long idleMillis, int maxBuffered,
                                Consumer<CallFailure> cancelUpstream, Runnable onSettled) {
        this.vertx = vertx;
        this.operationId = operationId;
        this.idleMillis = idleMillis;
        this.cancelUpstream = cancelUpstream;
        this.onSettled = onSettled;
        this.stream = new EventStream(requestId, maxBuffered, this::abort);
    }

    /** As {@link PendingCall#start}, plus {@code idleMillis} (0: none) and the stream's buffer bound. */
    public static PendingSubscription start(Vertx vertx, String requestId, String operationId, long deadline,
                                            long idleMillis, AbortSignal parent, int maxBuffered,
                                            Consumer<CallFailure> cancelUpstream, Runnable onSettled) {
        PendingSubscription sub = new PendingSubscription(vertx, requestId, operationId, idleMillis, maxBuffered,
                cancelUpstream, onSettled);
        if (deadline > 0) {
            long delay = Math.max(1, deadline - System.currentTimeMillis());
            sub.deadlineTimer = vertx.setTimer(delay, id -> sub.abort(CallFailure.of(CallErrorCode.TIMEOUT,
                    "subscription to " + operationId + " reached its deadline")));
        }
        if (idleMillis > 0) {
            sub.armIdle(idleMillis);
        }
        if (parent != null) {
            sub.parentLink = parent.onAbort(reason -> sub.abort(CallFailure.of(CallErrorCode.ABORTED,
                    "the parent call was aborted (" + reason.code() + ")")));
        }
        return sub;
    }

    /** One timer per idle period: an event only records its time, the timer re-arms for what is left. */
    private void armIdle(long delayMillis) {
        idleTimer = vertx.setTimer(Math.max(1, delayMillis), id -> {
            long idleFor = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastEventNanos);
            if (idleFor >= idleMillis) {
                abort(CallFailure.of(CallErrorCode.TIMEOUT, "no event from " + operationId + " for " + idleMillis + " ms"));
            } else if (!settled.get()) {
                armIdle(idleMillis - idleFor);
            }
        });
    }

    public CallSubscription stream() {
        return stream;
    }

    public boolean settled() {
        return settled.get();
    }

    public void event(Object event) {
        if (settled.get()) {
            return;
        }
        lastEventNanos = System.nanoTime();
        stream.push(event);
    }

    public boolean complete() {
        if (!settle()) {
            return false;
        }
        stream.end();
        return true;
    }

    public boolean fail(CallFailure failure) {
        if (!settle()) {
            return false;
        }
        stream.fail(failure);
        return true;
    }

    /** This side stops it (cancel, overflow, timeout, parent aborted): the callee is told. */
    public boolean abort(CallFailure reason) {
        if (!settle()) {
            return false;
        }
        cancelUpstream.accept(reason);
        stream.fail(reason);
        return true;
    }

    private boolean settle() {
        if (!settled.compareAndSet(false, true)) {
            return false;
        }
        long deadline = deadlineTimer;
        if (deadline >= 0) {
            vertx.cancelTimer(deadline);
        }
        long idle = idleTimer;
        if (idle >= 0) {
            vertx.cancelTimer(idle);
        }
        parentLink.run();
        onSettled.run();
        return true;
    }
}
