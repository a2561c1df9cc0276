package alknet.call;

import alknet.api.CallErrorCode;
import alknet.api.CallFailure;
import alknet.call.frame.Envelope;
import alknet.call.frame.FrameTooLargeException;
import alknet.api.AbortSignal;
import alknet.call.operation.CallRequest;
import alknet.call.operation.CallSink;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The callee side of one incoming call: carries its outcome back as {@code call.*} envelopes and owns its abort
 * signal and deadline timer. Exactly one of answer, peer abort, deadline or connection close finishes it, and
 * finishing removes it from the running map.
 */
final class RunningCall implements CallSink {
    private final CallConnection connection;
    private final IncomingCalls owner;
    private final CallRequest request;
    private final AbortSignal abort = new AbortSignal();
    private final AtomicBoolean finished = new AtomicBoolean();
    private volatile long deadlineTimer = -1;
    private volatile Runnable drainLink = () -> {};

    RunningCall(CallConnection connection, IncomingCalls owner, CallRequest request) {
        this.connection = connection;
        this.owner = owner;
        this.request = request;
    }

    /** Arms the deadline (the caller's clock, 30-call-protocol.md section 2); the caller aborts on its own too. */
    void armDeadline(Vertx vertx) {
        if (request.deadline() > 0) {
            long delay = Math.max(1, request.deadline() - System.currentTimeMillis());
            deadlineTimer = vertx.setTimer(delay, id -> {
                CallFailure late = CallFailure.of(CallErrorCode.TIMEOUT, request.operationId() + " passed its deadline");
                if (finish()) {
                    abort.abort(late);
                    connection.send(CallEnvelopes.error(request.requestId(), late));
                }
            });
        }
    }

    AbortSignal abortSignal() {
        return abort;
    }

    CallRequest request() {
        return request;
    }

    @Override
    public void event(Object event) {
        if (!finished.get()) {
            send(CallEnvelopes.responded(request.requestId(), event), true);
        }
    }

    @Override
    public void result(Object output) {
        if (finish()) {
            send(CallEnvelopes.responded(request.requestId(), output), false);
        }
    }

    @Override
    public void completed() {
        if (finish()) {
            connection.send(CallEnvelopes.completed(request.requestId()));
        }
    }

    @Override
    public void failed(CallFailure failure) {
        if (finish()) {
            connection.send(CallEnvelopes.error(request.requestId(), failure));
        }
    }

    /** An output too large for one frame becomes an error the caller can read. */
    private void send(Envelope envelope, boolean streaming) {
        connection.send(envelope).onFailure(e -> {
            if (!(e instanceof FrameTooLargeException tooLarge)) {
                return; // the connection closed; its close path aborts this call
            }
            CallFailure failure = CallFailure.of(CallErrorCode.EXECUTION_ERROR, "output of " + request.operationId()
                    + " cannot be sent: " + tooLarge.getMessage());
            if (streaming && finish()) {
                abort.abort(failure);
            }
            connection.send(CallEnvelopes.error(request.requestId(), failure));
        });
    }

    /** The caller sent {@code call.aborted}: stop, and send nothing back. */
    void abortedByPeer() {
        if (finish()) {
            abort.abort(CallFailure.of(CallErrorCode.ABORTED, "the caller aborted the call"));
        }
    }

    void connectionClosed(CallFailure reason) {
        if (finish()) {
            abort.abort(reason);
        }
    }

    @Override
    public boolean writeQueueFull() {
        return connection.writeQueueFull();
    }

    @Override
    public void drainHandler(Handler<Void> handler) {
        drainLink.run();
        drainLink = handler == null ? () -> {} : connection.addDrainListener(handler);
    }

    private boolean finish() {
        if (!finished.compareAndSet(false, true)) {
            return false;
        }
        long timer = deadlineTimer;
        if (timer >= 0) {
            connection.vertx().cancelTimer(timer);
        }
        drainLink.run();
        owner.remove(request.requestId(), this);
        return true;
    }
}
