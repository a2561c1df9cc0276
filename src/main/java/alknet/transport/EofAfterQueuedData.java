package alknet.transport;

import io.vertx.core.Context;

import java.util.function.BooleanSupplier;

/**
 * Acts on a peer's FIN only after every byte Vert.x queued before it was delivered. Netty reports the FIN as an
 * event at once, while data read earlier may still sit in Vert.x's inbound queue of a paused socket. A
 * {@code resume()} schedules that queue's delivery as a task, so a task queued after it runs once the bytes are
 * through, unless the reader paused again, in which case we wait for the next resume.
 */
public final class EofAfterQueuedData {
    private final Context context;
    private final BooleanSupplier paused;
    private final Runnable onEof;
    private boolean waitingForResume;
    private boolean done;

    /** {@code paused} tells whether the reader currently holds the socket paused; runs on {@code context}. */
    public EofAfterQueuedData(Context context, BooleanSupplier paused, Runnable onEof) {
        this.context = context;
        this.paused = paused;
        this.onEof = onEof;
    }

    /** The FIN arrived (call on the socket's context). */
    public void finArrived() {
        if (paused.getAsBoolean()) {
            waitingForResume = true;
            return;
        }
        context.runOnContext(v -> {
            if (paused.getAsBoolean()) {
                waitingForResume = true;
            } else if (!done) {
                done = true;
                onEof.run();
            }
        });
    }

    /** Call right after each {@code resume()} of the socket. */
    public void resumed() {
        if (waitingForResume) {
            waitingForResume = false;
            finArrived();
        }
    }
}
