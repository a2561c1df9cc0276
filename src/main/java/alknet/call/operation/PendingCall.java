package alknet.call.operation;

import alknet.api.AbortSignal;
import alknet.api.CallErrorCode;
import alknet.api.CallFailure;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The caller's side of one query or mutation, until it is settled (modelled on Vert.x's eventbus ReplyHandler).
 * It owns its deadline timer and its link to the parent's abort signal; exactly one of response, failure,
 * timeout, abort or close settles it, and settling removes it from its owner first, then completes the future.
 * Thread-safe: whichever path wins the race settles, the others do nothing.
 */
public final class PendingCall {
    private final Vertx vertx;
    private final String requestId;
    private final String operationId;
    private final Promise<Object> promise = Promise.promise();
    private final AtomicBoolean settled = new AtomicBoolean();
    private final Consumer<CallFailure> cancelUpstream;
    private final Runnable onSettled;
    private volatile long timerId = -1;
    private volatile Runnable parentLink = () -> {};

    private PendingCall(Vertx vertx, String requestId, String operationId, Consumer<CallFailure> cancelUpstream,
                        Runnable onSettled) {
        this.vertx = vertx;
        this.requestId = requestId;
        this.operationId = operationId;
        this.cancelUpstream = cancelUpstream;
        this.onSettled = onSettled;
    }

    /**
     * @param deadline       absolute epoch milliseconds, 0 for none
     * @param parent         the parent call's abort signal, or null
     * @param cancelUpstream tells the callee to stop (sends {@code call.aborted}, ...) when this side gives up
     * @param onSettled      removes the call from its owner's map; runs before the future completes
     */
    public static PendingCall start(Vertx vertx, String requestId, String operationId, long deadline, AbortSignal parent,
                                    Consumer<CallFailure> cancelUpstream, Runnable onSettled) {
        PendingCall call = new PendingCall(vertx, requestId, operationId, cancelUpstream, onSettled);
        if (deadline > 0) {
            long delay = Math.max(1, deadline - System.currentTimeMillis());
            call.timerId = vertx.setTimer(delay, id -> call.abort(CallFailure.of(CallErrorCode.TIMEOUT,
                    "no answer from " + operationId + " before its deadline")));
        }
        if (parent != null) {
            call.parentLink = parent.onAbort(reason -> call.abort(CallFailure.of(CallErrorCode.ABORTED,
                    "the parent call was aborted (" + reason.code() + ")")));
        }
        return call;
    }

    public String requestId() {
        return requestId;
    }

    public String operationId() {
        return operationId;
    }

    public Future<Object> future() {
        return promise.future();
    }

    public boolean settled() {
        return settled.get();
    }

    /** The callee answered. */
    public boolean respond(Object output) {
        if (!settle()) {
            return false;
        }
        promise.complete(output);
        return true;
    }

    /** The callee failed it, or the way to it is gone: nothing is sent upstream. */
    public boolean fail(CallFailure failure) {
        if (!settle()) {
            return false;
        }
        promise.fail(failure);
        return true;
    }

    /** This side gives up (timeout, parent aborted, cancelled): the callee is told to stop. */
    public boolean abort(CallFailure reason) {
        if (!settle()) {
            return false;
        }
        cancelUpstream.accept(reason);
        promise.fail(reason);
        return true;
    }

    private boolean settle() {
        if (!settled.compareAndSet(false, true)) {
            return false;
        }
        long timer = timerId;
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        parentLink.run();
        onSettled.run();
        return true;
    }
}
