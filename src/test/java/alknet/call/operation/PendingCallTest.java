package alknet.call.operation;

import alknet.api.AbortSignal;
import alknet.call.Await;
import alknet.api.CallErrorCode;
import alknet.api.CallFailure;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** One pending request owns its timer; exactly one of response, failure, timeout or abort settles it. */
class PendingCallTest {
    private final Vertx vertx = Vertx.vertx();
    private final List<CallFailure> upstream = new ArrayList<>();
    private final AtomicInteger removed = new AtomicInteger();

    @AfterEach
    void close() {
        Await.result(vertx.close());
    }

    @Test
    void responseSettlesOnceAndLaterPathsDoNothing() {
        PendingCall call = PendingCall.start(vertx, "r", "/a/b", System.currentTimeMillis() + 60_000, null,
                upstream::add, removed::incrementAndGet);
        assertThat(call.respond("out")).isTrue();
        assertThat(call.fail(CallFailure.of(CallErrorCode.EXECUTION_ERROR, "x"))).isFalse();
        assertThat(call.abort(CallFailure.of(CallErrorCode.ABORTED, "x"))).isFalse();
        assertThat(Await.result(call.future())).isEqualTo("out");
        assertThat(removed).hasValue(1);
        assertThat(upstream).isEmpty();
    }

    @Test
    void deadlineFailsWithTimeoutAndTellsTheCallee() {
        PendingCall call = PendingCall.start(vertx, "r", "/a/b", System.currentTimeMillis() + 50, null,
                upstream::add, removed::incrementAndGet);
        CallFailure failure = Await.failure(call.future());
        assertThat(failure.is(CallErrorCode.TIMEOUT)).isTrue();
        assertThat(failure.retryable()).isFalse();
        assertThat(upstream).singleElement().isSameAs(failure);
        assertThat(removed).hasValue(1);
    }

    @Test
    void parentAbortAbortsTheChildAndAnEndedChildLeavesNoListener() {
        AbortSignal parent = new AbortSignal();
        PendingCall ended = PendingCall.start(vertx, "c1", "/a/b", 0, parent, upstream::add, removed::incrementAndGet);
        PendingCall running = PendingCall.start(vertx, "c2", "/a/b", 0, parent, upstream::add, removed::incrementAndGet);
        ended.respond(1);
        assertThat(parent.listenerCount()).isEqualTo(1);
        parent.abort(CallFailure.of(CallErrorCode.TIMEOUT, "parent late"));
        assertThat(Await.failure(running.future()).is(CallErrorCode.ABORTED)).isTrue();
        assertThat(upstream).hasSize(1);
        assertThat(parent.listenerCount()).isZero();
    }

    @Test
    void childOfAnAlreadyAbortedParentEndsAtOnce() {
        AbortSignal parent = new AbortSignal();
        parent.abort(CallFailure.of(CallErrorCode.ABORTED, "gone"));
        PendingCall call = PendingCall.start(vertx, "c", "/a/b", 0, parent, upstream::add, removed::incrementAndGet);
        assertThat(call.settled()).isTrue();
        assertThat(Await.failure(call.future()).is(CallErrorCode.ABORTED)).isTrue();
    }

    @Test
    void racingSettlersProduceExactlyOneOutcome() throws Exception {
        for (int round = 0; round < 200; round++) {
            AtomicInteger removedHere = new AtomicInteger();
            PendingCall call = PendingCall.start(vertx, "r", "/a/b", 0, null, f -> {}, removedHere::incrementAndGet);
            CountDownLatch start = new CountDownLatch(1);
            AtomicInteger wins = new AtomicInteger();
            List<Thread> threads = List.of(
                    new Thread(() -> { await(start); if (call.respond("x")) wins.incrementAndGet(); }),
                    new Thread(() -> { await(start); if (call.fail(CallFailure.of(CallErrorCode.UNAVAILABLE, "c"))) wins.incrementAndGet(); }),
                    new Thread(() -> { await(start); if (call.abort(CallFailure.of(CallErrorCode.ABORTED, "a"))) wins.incrementAndGet(); }));
            threads.forEach(Thread::start);
            start.countDown();
            for (Thread t : threads) {
                t.join();
            }
            assertThat(wins).hasValue(1);
            assertThat(removedHere).hasValue(1);
            assertThat(call.future().isComplete()).isTrue();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void idleSubscriptionTimesOutButAnActiveOneDoesNot() throws Exception {
        PendingSubscription idle = PendingSubscription.start(vertx, "s1", "/a/b", 0, 100, null, 100,
                upstream::add, removed::incrementAndGet);
        PendingSubscription active = PendingSubscription.start(vertx, "s2", "/a/b", 0, 150, null, 100,
                upstream::add, removed::incrementAndGet);
        active.stream().handler(e -> {});
        long end = System.currentTimeMillis() + 400;
        while (System.currentTimeMillis() < end) {
            active.event("tick");
            Thread.sleep(20);
        }
        assertThat(idle.settled()).isTrue();
        assertThat(((CallFailure) idle.stream().done().cause()).is(CallErrorCode.TIMEOUT)).isTrue();
        assertThat(active.settled()).isFalse();
        active.complete();
        assertThat(active.stream().done().succeeded()).isTrue();
        assertThat(upstream).hasSize(1);
    }
}
