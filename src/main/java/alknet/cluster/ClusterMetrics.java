package alknet.cluster;

import alknet.api.CallFailure;
import alknet.call.operation.CallSink;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Handler;

import java.util.function.Supplier;

/**
 * {@code alknet_workers_registered} (workers held by this head), {@code alknet_cluster_members} and
 * {@code alknet_cluster_hop_call_duration_seconds} (calls to a worker on another head, from here and back; a
 * histogram) in a Micrometer registry (40-cluster-ops.md section 4). No label holds an alias or operation.
 */
public final class ClusterMetrics {
    private final Timer hop;

    public ClusterMetrics(MeterRegistry registry, Supplier<Number> workers, Supplier<Number> members) {
        Gauge.builder("alknet_workers_registered", workers).description("Workers whose sessions this head holds")
                .register(registry);
        Gauge.builder("alknet_cluster_members", members).description("Head cluster members this head sees")
                .register(registry);
        hop = Timer.builder("alknet_cluster_hop_call_duration_seconds")
                .description("Calls to a worker held by another head: from this head and back")
                .publishPercentileHistogram().register(registry);
    }

    /** {@code sink}, timing the call from now until it ends. */
    CallSink timedHop(CallSink sink) {
        long started = System.nanoTime();
        Runnable done = () -> hop.record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
        return new CallSink() {
            @Override
            public void event(Object event) {
                sink.event(event);
            }

            @Override
            public void result(Object output) {
                done.run();
                sink.result(output);
            }

            @Override
            public void completed() {
                done.run();
                sink.completed();
            }

            @Override
            public void failed(CallFailure failure) {
                done.run();
                sink.failed(failure);
            }

            @Override
            public boolean writeQueueFull() {
                return sink.writeQueueFull();
            }

            @Override
            public void drainHandler(Handler<Void> handler) {
                sink.drainHandler(handler);
            }
        };
    }
}
