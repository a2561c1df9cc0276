package alknet.call;

import alknet.call.frame.Envelope;
import alknet.call.metrics.CallMetrics;
import alknet.call.operation.CallRouterOptions;
import alknet.api.OperationSpec;
import alknet.api.OperationType;
import alknet.call.registry.OperationDispatcher;
import alknet.call.registry.OperationRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static alknet.call.CallConnectionTest.CLIENT;
import static org.assertj.core.api.Assertions.assertThat;

/** A subscription handler that honours writeQueueFull waits for a slow caller instead of queueing without bound. */
class SubscriptionBackPressureTest {
    private static final int EVENTS = 10_000;
    private static final String FILLER = "z".repeat(1000);
    private final Vertx vertx = Vertx.vertx();
    private LoopbackCallServer server;

    @AfterEach
    void tearDown() {
        server.close();
        Await.result(vertx.close());
    }

    @Test
    void handlerPausesWhileTheCallerDoesNotReadAndEverythingArrivesInOrder() {
        AtomicInteger emitted = new AtomicInteger();
        AtomicInteger pauses = new AtomicInteger();
        OperationRegistry ops = new OperationRegistry();
        ops.register(OperationSpec.builder("/srv/flood", OperationType.SUBSCRIPTION).build(), (ctx, in, sink) -> new Object() {
            void pump() {
                while (emitted.get() < EVENTS && !sink.closed()) {
                    if (sink.writeQueueFull()) {
                        pauses.incrementAndGet();
                        sink.drainHandler(v -> pump());
                        return;
                    }
                    sink.next(new JsonObject().put("seq", emitted.getAndIncrement()).put("filler", FILLER));
                }
                sink.drainHandler(null);
                sink.complete();
            }
        }.pump());
        CallRouterOptions options = new CallRouterOptions();
        server = LoopbackCallServer.start(vertx, CLIENT, new OperationDispatcher(vertx, ops, options, CallMetrics.NONE), options);

        try (RawFramePeer reader = new RawFramePeer(server.port())) {
            reader.send(new Envelope("call.requested", "flood", new JsonObject().put("operationId", "/srv/flood")));
            Await.until(() -> pauses.get() > 0, "the handler saw a full write queue");
            // The kernel's socket buffers take a few MB, then the handler must stop and stay stopped.
            int stalledAt = stableValue(emitted);
            assertThat(stalledAt).isLessThan(EVENTS);
            long seq = 0;
            while (true) {
                Envelope e = reader.next(Duration.ofSeconds(10));
                if (e.type().equals("call.completed")) {
                    break;
                }
                assertThat(e.type()).isEqualTo("call.responded");
                assertThat(((JsonObject) e.payloadObject().getValue("output")).getLong("seq")).isEqualTo(seq++);
            }
            assertThat(seq).isEqualTo(EVENTS);
        }
        Await.until(() -> server.lastAccepted().runningCount() == 0, "the call ended");
    }

    /** The counter's value once it has not moved for 200 ms. */
    private static int stableValue(AtomicInteger counter) {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        int last = counter.get();
        while (System.nanoTime() < end) {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            int now = counter.get();
            if (now == last) {
                return now;
            }
            last = now;
        }
        throw new AssertionError("the handler never stopped producing");
    }
}
