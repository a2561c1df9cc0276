package alknet.cluster;

import alknet.api.AbortSignal;
import alknet.api.CallFailure;
import alknet.call.operation.CallSink;
import io.vertx.core.Handler;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Forwarded calls still waiting for their next hop, grouped by where they went (a head member, a worker
 * registration), so that when that place is gone they fail at once with a retryable {@code UNAVAILABLE} instead of
 * waiting for their deadline (40-cluster-ops.md section 2).
 */
final class InFlightCalls {
    private final Map<String, Set<Tracked>> byTarget = new ConcurrentHashMap<>();

    /**
     * Tracks one call sent to {@code target}. The returned sink settles once and forgets the call; {@code forward}
     * is the next hop's abort signal, fired when the call fails here first and linked to the caller's {@code abort}.
     */
    CallSink track(String target, CallSink sink, AbortSignal abort, AbortSignal forward) {
        Tracked tracked = new Tracked(target, sink, forward);
        tracked.unlink = abort.onAbort(forward::abort);
        // compute and computeIfPresent are atomic per target, so a call never lands in a set failAll took away.
        byTarget.compute(target, (t, calls) -> {
            Set<Tracked> set = calls != null ? calls : ConcurrentHashMap.newKeySet();
            set.add(tracked);
            return set;
        });
        return tracked;
    }

    /** Fails every call waiting on {@code target}; the count failed. */
    int failAll(String target, CallFailure failure) {
        Set<Tracked> calls = byTarget.remove(target);
        if (calls == null) {
            return 0;
        }
        calls.forEach(c -> c.fail(failure));
        return calls.size();
    }

    int size() {
        return byTarget.values().stream().mapToInt(Set::size).sum();
    }

    private final class Tracked implements CallSink {
        private final String target;
        private final CallSink sink;
        private final AbortSignal forward;
        private final AtomicBoolean settled = new AtomicBoolean();
        private volatile Runnable unlink = () -> {};

        Tracked(String target, CallSink sink, AbortSignal forward) {
            this.target = target;
            this.sink = sink;
            this.forward = forward;
        }

        void fail(CallFailure failure) {
            failed(failure);
            forward.abort(failure);
        }

        private boolean settle() {
            if (!settled.compareAndSet(false, true)) {
                return false;
            }
            unlink.run();
            byTarget.computeIfPresent(target, (t, calls) -> {
                calls.remove(this);
                return calls.isEmpty() ? null : calls;
            });
            return true;
        }

        @Override
        public void event(Object event) {
            if (!settled.get()) {
                sink.event(event);
            }
        }

        @Override
        public void result(Object output) {
            if (settle()) {
                sink.result(output);
            }
        }

        @Override
        public void completed() {
            if (settle()) {
                sink.completed();
            }
        }

        @Override
        public void failed(CallFailure failure) {
            if (settle()) {
                sink.failed(failure);
            }
        }

        @Override
        public boolean writeQueueFull() {
            return sink.writeQueueFull();
        }

        @Override
        public void drainHandler(Handler<Void> handler) {
            sink.drainHandler(handler);
        }
    }
}
