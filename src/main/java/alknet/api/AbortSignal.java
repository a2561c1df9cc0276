package alknet.api;

import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Fires once when a running call must stop: the caller cancelled, its deadline passed, its connection closed or
 * its parent was aborted (30-call-protocol.md sections 2, 4). Handlers watch {@link #future()}; nested calls
 * register with {@link #onAbort} and deregister when they end, so a long-lived parent does not collect them.
 * Thread-safe: listeners run on the thread that aborts.
 */
public final class AbortSignal {
    private final Promise<CallFailure> promise = Promise.promise();
    private final Set<Consumer<CallFailure>> listeners = ConcurrentHashMap.newKeySet();

    /** Completes (successfully) with the reason when the call is aborted; never fails. */
    public Future<CallFailure> future() {
        return promise.future();
    }

    public boolean aborted() {
        return promise.future().isComplete();
    }

    /** Fires the signal; false when it had fired already. */
    public boolean abort(CallFailure reason) {
        if (!promise.tryComplete(reason)) {
            return false;
        }
        for (Consumer<CallFailure> listener : listeners) {
            // remove() claims the listener, so a registration racing with this runs it exactly once.
            if (listeners.remove(listener)) {
                listener.accept(reason);
            }
        }
        return true;
    }

    /**
     * Runs {@code listener} when the signal fires (at once when it has). The returned action deregisters it;
     * call it when the interested party ends first.
     */
    public Runnable onAbort(Consumer<CallFailure> listener) {
        Consumer<CallFailure> own = listener::accept; // a fresh identity, so the same lambda may register twice
        listeners.add(own);
        if (aborted() && listeners.remove(own)) {
            own.accept(promise.future().result());
        }
        return () -> listeners.remove(own);
    }

    /** Listeners waiting right now (for tests: ended children must leave none behind). */
    public int listenerCount() {
        return listeners.size();
    }
}
