package alknet.pubsub;

import alknet.Addresses;
import alknet.call.Await;
import alknet.call.CallConnection;
import alknet.call.RawFramePeer;
import alknet.call.frame.Envelope;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static alknet.pubsub.PubsubBridgeTest.PEER;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * 30-call-protocol.md section 5: a subscriber that does not read loses events instead of making the node buffer
 * them; it then gets one __dropped with the count, and what it does get is in order.
 */
class SlowSubscriberTest {
    private static final int EVENTS = 20_000;
    private static final String FILLER = "x".repeat(1000);
    private final BridgeFixture fixture = new BridgeFixture(TopicPolicy.BY_SCOPE);

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    @Test
    void stalledReaderGetsAPrefixInOrderThenTheDropCount() throws Exception {
        fixture.expect(PEER);
        try (RawFramePeer reader = new RawFramePeer(fixture.port(), 4096)) {
            reader.send(new Envelope("__subscribe", "firehose", new JsonObject()));
            assertThat(reader.next(Duration.ofSeconds(5)).type()).isEqualTo("__subscribed");
            // A probe on the bridge connection's event loop: when it has seen every event, so has the bridge
            // (the bus hands each publish to both consumers on that loop in order).
            AtomicInteger probed = new AtomicInteger();
            CallConnection bridged = fixture.router.connections().iterator().next();
            Promise<Void> probeReady = Promise.promise();
            bridged.context().runOnContext(v -> fixture.vertx.eventBus()
                    .consumer(Addresses.topic("firehose"), m -> probed.incrementAndGet()).completion().onComplete(probeReady));
            Await.result(probeReady.future());

            // ~20 MB published while the reader reads nothing, paced so the bus itself does not pile them up.
            for (int batch = 0; batch < EVENTS / 200; batch++) {
                for (int i = 0; i < 200; i++) {
                    int seq = batch * 200 + i;
                    TopicEvents.publish(fixture.vertx.eventBus(), "firehose", "tick",
                            new JsonObject().put("seq", seq).put("filler", FILLER));
                }
                Thread.sleep(1);
            }
            Await.until(() -> probed.get() == EVENTS, Duration.ofSeconds(30), "the bridge saw every event");
            Thread.sleep(200);

            List<Envelope> received = reader.drainUntilQuiet(Duration.ofSeconds(1));
            long delivered = received.stream().filter(e -> e.type().equals("tick")).count();
            long dropped = received.stream().filter(e -> e.type().equals("__dropped"))
                    .mapToLong(e -> e.payloadObject().getLong("count")).sum();
            assertThat(dropped).isPositive();
            assertThat(delivered + dropped).isEqualTo(EVENTS);
            // Only what the write queue and the kernel's socket buffers held (~3 MB on loopback) reached the reader:
            // the rest was dropped, not kept in memory for it.
            assertThat(delivered).isLessThan(EVENTS / 2);
            long last = -1;
            for (Envelope e : received) {
                if (e.type().equals("tick")) {
                    long seq = ((JsonObject) e.payload()).getLong("seq");
                    assertThat(seq).isGreaterThan(last);
                    last = seq;
                }
            }
            assertThat(received.stream().filter(e -> e.type().equals("__dropped")).count()).isPositive();
            // After the drop the reader is served again.
            TopicEvents.publish(fixture.vertx.eventBus(), "firehose", "tick", new JsonObject().put("seq", EVENTS));
            Envelope next = reader.next(e -> e.type().equals("tick"), Duration.ofSeconds(5));
            assertThat(((JsonObject) next.payload()).getLong("seq")).isEqualTo(EVENTS);
        }
        Await.until(() -> fixture.bridge.consumerCount() == 0, "consumers gone after the reader left");
    }
}
