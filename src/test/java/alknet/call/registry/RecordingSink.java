package alknet.call.registry;

import alknet.api.CallFailure;
import alknet.call.operation.CallSink;
import io.vertx.core.Promise;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A sink that records what a dispatched call produced; {@link #end} completes with the terminal outcome. */
final class RecordingSink implements CallSink {
    final List<Object> events = new CopyOnWriteArrayList<>();
    final Promise<Object> end = Promise.promise();
    final AtomicInteger terminals = new AtomicInteger();

    @Override
    public void event(Object event) {
        events.add(event);
    }

    @Override
    public void result(Object output) {
        terminals.incrementAndGet();
        end.tryComplete(output);
    }

    @Override
    public void completed() {
        terminals.incrementAndGet();
        end.tryComplete("<completed>");
    }

    @Override
    public void failed(CallFailure failure) {
        terminals.incrementAndGet();
        end.tryFail(failure);
    }
}
