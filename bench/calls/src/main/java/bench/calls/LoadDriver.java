package bench.calls;

import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The two workloads of the call-protocol row, the same for every {@link Caller}:
 * <ul>
 *   <li>closed loop: {@code inFlight} calls outstanding at all times (each end starts the next) for a while: calls/s;
 *   <li>open loop: calls started on a fixed schedule ({@code rate} per second, a 1 ms ticker starts every call whose
 *       time has come), latency from the call's scheduled start to its end, so a stall delays every call scheduled
 *       behind it and shows in p99 (no coordinated omission).
 * </ul>
 */
final class LoadDriver {
    private final Caller caller;

    LoadDriver(Caller caller) {
        this.caller = caller;
    }

    record Throughput(long calls, long failures, double seconds) {
        String line(String label) {
            return String.format(Locale.ROOT, "throughput %s calls=%d failures=%d seconds=%.2f calls_per_s=%.0f", label,
                    calls, failures, seconds, calls / seconds);
        }
    }

    record Latency(int rate, int calls, long failures, double p50, double p99, double max) {
        String line(String label) {
            return String.format(Locale.ROOT, "latency %s rate=%d calls=%d failures=%d p50_ms=%.3f p99_ms=%.3f max_ms=%.3f",
                    label, rate, calls, failures, p50, p99, max);
        }
    }

    Throughput closedLoop(int inFlight, double seconds) throws InterruptedException {
        AtomicLong ended = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicInteger outstanding = new AtomicInteger(inFlight);
        CountDownLatch drained = new CountDownLatch(1);
        long stopAt = System.nanoTime() + (long) (seconds * 1e9);
        Caller.Completion[] lane = new Caller.Completion[1];
        lane[0] = failure -> {
            ended.incrementAndGet();
            if (failure != null) {
                failed.incrementAndGet();
            }
            if (failure == null && System.nanoTime() < stopAt) {
                caller.call(lane[0]); // a failure ends its lane: no storm of instant failures
            } else if (outstanding.decrementAndGet() == 0) {
                drained.countDown();
            }
        };
        long start = System.nanoTime();
        for (int i = 0; i < inFlight; i++) {
            caller.call(lane[0]);
        }
        if (!drained.await((long) seconds + 60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("calls still outstanding 60 s after the end: " + outstanding.get());
        }
        return new Throughput(ended.get(), failed.get(), (System.nanoTime() - start) / 1e9);
    }

    Latency openLoop(int rate, double seconds) throws InterruptedException {
        int total = (int) (rate * seconds);
        Latencies latencies = new Latencies(total);
        AtomicLong failed = new AtomicLong();
        CountDownLatch allEnded = new CountDownLatch(total);
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "open-loop-ticker");
            t.setDaemon(true);
            return t;
        });
        long start = System.nanoTime() + 1_000_000;
        double interval = 1e9 / rate;
        int[] started = {0};
        ScheduledFuture<?> tick = ticker.scheduleAtFixedRate(() -> {
            long now = System.nanoTime();
            while (started[0] < total) {
                int index = started[0];
                long due = start + (long) (index * interval);
                if (due > now) {
                    break;
                }
                started[0]++;
                caller.call(failure -> {
                    latencies.set(index, System.nanoTime() - due);
                    if (failure != null) {
                        failed.incrementAndGet();
                    }
                    allEnded.countDown();
                });
            }
        }, 1, 1, TimeUnit.MILLISECONDS);
        boolean done = allEnded.await((long) seconds + 60, TimeUnit.SECONDS);
        tick.cancel(false);
        ticker.shutdownNow();
        if (!done) {
            throw new IllegalStateException("calls still outstanding 60 s after the end: " + allEnded.getCount());
        }
        latencies.sorted(total);
        return new Latency(rate, total, failed.get(), latencies.percentileMillis(50), latencies.percentileMillis(99),
                latencies.maxMillis());
    }
}
