package alknet.pubsub;

import alknet.Addresses;
import alknet.api.Identity;
import alknet.call.Await;
import alknet.call.CallConnection;
import alknet.api.CallErrorCode;
import alknet.api.CallFailure;
import alknet.call.frame.Envelope;
import alknet.testsupport.LogCollector;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** 30-call-protocol.md section 5: topics bridged to alknet.topic.T, in order, torn down on close. */
class PubsubBridgeTest {
    static final Identity PEER = new Identity("SHA256:peer", List.of("pubsub:subscribe", "pubsub:publish"), Map.of());
    private final BridgeFixture fixture = new BridgeFixture(TopicPolicy.BY_SCOPE);

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    private static List<Envelope> collect(TopicClient client) {
        List<Envelope> events = new CopyOnWriteArrayList<>();
        client.eventHandler(events::add);
        return events;
    }

    @Test
    void peerEventsReachSubscribersInOrderAndTheBus() {
        TopicClient publisher = fixture.connect(PEER);
        TopicClient subscriber = fixture.connect(PEER);
        TopicClient elsewhere = fixture.connect(PEER);
        List<Envelope> received = collect(subscriber);
        List<Envelope> otherTopic = collect(elsewhere);
        Await.result(subscriber.subscribe("orders", null));
        Await.result(elsewhere.subscribe("invoices", null));
        List<Object> onBus = new CopyOnWriteArrayList<>();
        MessageConsumer<JsonObject> local = fixture.vertx.eventBus().consumer(Addresses.topic("orders"), m -> onBus.add(m.body()));
        Await.result(local.completion());

        for (int i = 0; i < 200; i++) {
            publisher.publish("orders", "order.created", new JsonObject().put("seq", i));
        }
        Await.until(() -> received.size() == 200, "all events delivered");
        for (int i = 0; i < 200; i++) {
            assertThat(received.get(i).type()).isEqualTo("order.created");
            assertThat(received.get(i).id()).isEqualTo("orders");
            assertThat(((JsonObject) received.get(i).payload()).getInteger("seq")).isEqualTo(i);
        }
        Await.until(() -> onBus.size() == 200, "bridged to the event bus");
        assertThat(otherTopic).isEmpty();
    }

    @Test
    void localPublishersReachPeers() {
        TopicClient subscriber = fixture.connect(PEER);
        List<Envelope> received = collect(subscriber);
        Await.result(subscriber.subscribe("alerts", null));
        TopicEvents.publish(fixture.vertx.eventBus(), "alerts", "disk.full", new JsonObject().put("pct", 99));
        Await.until(() -> received.size() == 1, "delivered");
        assertThat(received.get(0).payload()).isEqualTo(new JsonObject().put("pct", 99));
    }

    @Test
    void typesFilterAndUnsubscribeNarrowWhatArrives() {
        TopicClient publisher = fixture.connect(PEER);
        TopicClient subscriber = fixture.connect(PEER);
        List<Envelope> received = collect(subscriber);
        Await.result(subscriber.subscribe("t", List.of("a", "b")));
        publisher.publish("t", "c", 0);
        publisher.publish("t", "a", 1);
        Await.until(() -> received.size() == 1, "a arrives");
        subscriber.unsubscribe("t", List.of("a"));
        Await.result(subscriber.subscribe("sync", null)); // a round trip: the unsubscribe is processed
        publisher.publish("t", "a", 2);
        publisher.publish("t", "b", 3);
        Await.until(() -> received.size() == 2, "b arrives");
        assertThat(received).extracting(Envelope::payload).containsExactly(1, 3);
    }

    @Test
    void emptyTopicBroadcastsToEverySubscriberOfTheType() {
        TopicClient publisher = fixture.connect(PEER);
        TopicClient wantsX = fixture.connect(PEER);
        TopicClient wantsY = fixture.connect(PEER);
        List<Envelope> x = collect(wantsX);
        List<Envelope> y = collect(wantsY);
        Await.result(wantsX.subscribe("room1", List.of("x")));
        Await.result(wantsY.subscribe("room2", List.of("y")));
        publisher.publish("", "x", "to all x");
        publisher.publish("room2", "y", "marker");
        Await.until(() -> y.size() == 1 && x.size() == 1, "delivered");
        assertThat(x.get(0).id()).isEmpty();
        assertThat(x.get(0).payload()).isEqualTo("to all x");
        assertThat(y.get(0).payload()).isEqualTo("marker");
    }

    @Test
    void closingAConnectionLeavesNoConsumer() {
        TopicClient subscriber = fixture.connect(PEER);
        Await.result(subscriber.subscribe("gone", null));
        Await.result(subscriber.subscribe("", List.of("z")));
        assertThat(fixture.bridge.consumerCount()).isEqualTo(2);
        Await.result(fixture.lastClient.close());
        Await.until(() -> fixture.bridge.peerCount() == 0 && fixture.bridge.consumerCount() == 0, "torn down");
        assertNoConsumer(Addresses.topic("gone"));
        assertNoConsumer(Addresses.topic(""));
    }

    @Test
    void undeployingTheBridgeLeavesNoConsumer() {
        TopicClient subscriber = fixture.connect(PEER);
        Await.result(subscriber.subscribe("t", null));
        Await.result(fixture.vertx.undeploy(fixture.bridgeDeployment));
        assertThat(fixture.bridge.consumerCount()).isZero();
        assertNoConsumer(Addresses.topic("t"));
    }

    @Test
    void scopesAndTopicResourcesAreEnforced() {
        int mark = LogCollector.mark();
        TopicClient noScopes = fixture.connect(new Identity("SHA256:none", List.of(), Map.of()));
        assertThat(Await.failure(noScopes.subscribe("t", null)).is(CallErrorCode.ACCESS_DENIED)).isTrue();
        List<Envelope> errors = new CopyOnWriteArrayList<>();
        noScopes.errorHandler(errors::add);
        noScopes.publish("t", "e", 1);
        Await.until(() -> errors.size() == 1, "publish refused");
        assertThat(errors.get(0).payloadObject().getString("request")).isEqualTo("publish");

        Identity limited = new Identity("SHA256:lim", PEER.scopes(), Map.of("topic", List.of("mine")));
        TopicClient restricted = fixture.connect(limited);
        Await.result(restricted.subscribe("mine", null));
        assertThat(Await.failure(restricted.subscribe("yours", null)).is(CallErrorCode.ACCESS_DENIED)).isTrue();
        assertThat(Await.failure(restricted.subscribe("", null)).is(CallErrorCode.ACCESS_DENIED)).isTrue();
        TopicClient wildcard = fixture.connect(new Identity("SHA256:all", PEER.scopes(), Map.of("topic", List.of("*"))));
        Await.result(wildcard.subscribe("", null));
        assertThat(LogCollector.linesSince(mark)).noneMatch(l -> l.contains("yours") || l.contains("mine"));
    }

    @Test
    void badSubscribePayloadIsRefusedAndTheConnectionKeepsServing() {
        fixture.connect(PEER);
        CallConnection raw = fixture.lastClient;
        List<Envelope> received = new CopyOnWriteArrayList<>();
        raw.peerEnvelopeHandler(received::add); // the peer's envelopes as sent, in place of a TopicClient
        raw.send(new Envelope("__subscribe", "t", new JsonObject().put("types", "not-a-list")));
        Await.until(() -> !received.isEmpty(), "an answer to the bad subscribe");
        Envelope refusal = received.get(0);
        assertThat(refusal.type()).isEqualTo("__error");
        assertThat(refusal.id()).isEqualTo("t");
        assertThat(CallFailure.fromPayload(refusal.payloadObject()).is(CallErrorCode.VALIDATION_ERROR)).isTrue();

        raw.send(new Envelope("__subscribe", "t", new JsonObject()));
        Await.until(() -> received.size() == 2, "an answer to the good subscribe");
        assertThat(received.get(1).type()).isEqualTo("__subscribed");
        assertThat(Await.result(raw.call("/node/ping", null))).isNotNull();
    }

    private void assertNoConsumer(String address) {
        try {
            fixture.vertx.eventBus().request(address, new JsonObject()).toCompletionStage().toCompletableFuture()
                    .get(5, TimeUnit.SECONDS);
            throw new AssertionError("something still consumes " + address);
        } catch (ExecutionException e) {
            assertThat(((ReplyException) e.getCause()).failureType()).isEqualTo(ReplyFailure.NO_HANDLERS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
