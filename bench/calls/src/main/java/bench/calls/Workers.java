package bench.calls;

import alknet.api.Alknet;
import alknet.api.AlknetVertx;
import alknet.api.AlknetWorker;
import alknet.api.WorkerOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * N workers in one process ({@code Alknet.worker}, one Vert.x), each its own SSH session registering the built-in
 * operations under its own name (PREFIX0000, PREFIX0001, ...), {@code parallel} registrations at a time. Prints
 * "progress registered=N" to stderr, then "ready registered=N failed=F seconds=S" to stdout, and holds the workers
 * (heartbeating) until the process is killed.
 */
final class Workers {
    private Workers() {}

    static void run(String host, int port, Path identity, String user, int count, int parallel, String prefix)
            throws Exception {
        Vertx vertx = AlknetVertx.create();
        Semaphore slots = new Semaphore(parallel);
        AtomicInteger registered = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        List<AlknetWorker> workers = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < count && failed.get() < 20; i++) {
            slots.acquire();
            WorkerOptions options = new WorkerOptions().name(String.format("%s%04d", prefix, i));
            options.connect().server(host, port).identity(identity).user(user).acceptAnyHostKey(true);
            Future<AlknetWorker> started = Alknet.worker(vertx, options);
            started.compose(w -> {
                synchronized (workers) {
                    workers.add(w);
                }
                return w.firstRegistration();
            }).onComplete(r -> {
                if (r.succeeded()) {
                    int n = registered.incrementAndGet();
                    if (n % 100 == 0) {
                        System.err.println("progress registered=" + n);
                    }
                } else if (failed.incrementAndGet() <= 3) {
                    System.err.println("worker failed: " + r.cause());
                }
                slots.release();
            });
        }
        slots.acquire(parallel);
        System.out.printf("ready registered=%d failed=%d seconds=%.1f%n", registered.get(), failed.get(),
                (System.nanoTime() - start) / 1e9);
        System.out.flush();
        Thread.sleep(TimeUnit.DAYS.toMillis(1));
    }
}
