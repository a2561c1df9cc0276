package alknet.call;

import alknet.api.CallFailure;
import io.vertx.core.Future;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/** Blocking waits for call-layer tests (never on an event loop). */
public final class Await {
    private Await() {}

    public static <T> T result(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("expected success, got " + e.getCause(), e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw new AssertionError("no result within 20 s", e);
        }
    }

    /** The CallFailure the future fails with. */
    public static CallFailure failure(Future<?> future) {
        try {
            Object value = future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
            return fail("expected a failure, got " + value);
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(CallFailure.class);
            return (CallFailure) e.getCause();
        } catch (InterruptedException | TimeoutException e) {
            throw new AssertionError("no result within 20 s", e);
        }
    }

    public static void until(BooleanSupplier condition, String what) {
        until(condition, Duration.ofSeconds(10), what);
    }

    public static void until(BooleanSupplier condition, Duration limit, String what) {
        long end = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                fail("timed out waiting until " + what);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
