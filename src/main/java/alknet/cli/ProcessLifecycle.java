package alknet.cli;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Runs a long-lived command until SIGTERM/SIGINT (graceful stop, exit 0) or a fatal error (its exit code).
 * Signals are handled directly, not by a shutdown hook, so the drain can finish and the exit code is ours.
 * SIGHUP runs the reload action (20-auth-config.md section 5); it never stops the process.
 */
final class ProcessLifecycle {
    private final Vertx vertx;
    private final CountDownLatch done = new CountDownLatch(1);
    private final AtomicInteger exitCode = new AtomicInteger(ExitCodes.OK);
    private volatile Supplier<Future<Void>> stopAction = Future::succeededFuture;
    private volatile Supplier<? extends Future<?>> reloadAction = Future::succeededFuture;
    private volatile boolean stopping;

    ProcessLifecycle(Vertx vertx) {
        this.vertx = vertx;
        Signal.handle(new Signal("TERM"), s -> stop(ExitCodes.OK));
        Signal.handle(new Signal("INT"), s -> stop(ExitCodes.OK));
        if (Signal.handle(new Signal("HUP"), s -> reload()) == SignalHandler.SIG_IGN) {
            // Started with SIGHUP ignored (nohup): the JVM keeps it ignored, so a reload by signal would do nothing.
            LoggerFactory.getLogger("alknet.status").warn("SIGHUP is ignored in this process (started under nohup?),"
                    + " so kill -HUP will not reload; use POST /admin/reload, or start it without nohup");
        }
    }

    /** Waits for a node to start; on failure closes Vert.x and rethrows, so the process can exit. */
    <T> T startOrClose(Future<T> starting) throws Exception {
        try {
            return starting.await();
        } catch (Exception e) {
            vertx.close();
            throw e;
        }
    }

    void onStop(Supplier<Future<Void>> action) {
        this.stopAction = action;
    }

    /** What SIGHUP does; its failure is reported by the action itself (the process keeps running). */
    void onReload(Supplier<? extends Future<?>> action) {
        this.reloadAction = action;
    }

    private void reload() {
        if (!stopping) {
            reloadAction.get();
        }
    }

    /** Stops gracefully (bounded by {@code maxWaitSeconds} in {@link #await}) and exits with {@code code}. */
    void stop(int code) {
        if (stopping) {
            return;
        }
        stopping = true;
        exitCode.set(code);
        stopAction.get().onComplete(ar -> vertx.close().onComplete(v -> done.countDown()));
    }

    int await(long maxStopSeconds) throws InterruptedException {
        while (!done.await(1, TimeUnit.SECONDS)) {
            if (stopping) {
                if (!done.await(maxStopSeconds, TimeUnit.SECONDS)) {
                    break;
                }
            }
        }
        return exitCode.get();
    }
}
