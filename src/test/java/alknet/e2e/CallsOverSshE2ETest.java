package alknet.e2e;

import alknet.api.AccessControl;
import alknet.api.AlknetSession;
import alknet.api.CallErrorCode;
import alknet.api.CallFailure;
import alknet.api.CallPeer;
import alknet.api.CallSubscription;
import alknet.api.OperationSpec;
import alknet.api.OperationType;
import alknet.api.TopicEvent;
import alknet.testsupport.AlknetTestNodes;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The call protocol on the SSH session that carries the tunnels (30-call-protocol.md): the client's control channel
 * to {@code alknet-control:0}, calls both ways on it at once, subscriptions, access control with the session's
 * identity, pub/sub through the server, and what a closed session does to pending calls.
 */
@Timeout(120)
class CallsOverSshE2ETest {
    private static final int CALLS = 10_000;

    @Test
    void serverAndClientCallEachOtherConcurrentlyOnOneSession() throws Exception {
        try (AlknetTestNodes nodes = AlknetTestNodes.start()) {
            nodes.server().registry().register(OperationSpec.builder("/math/double", OperationType.QUERY).build(),
                    (ctx, input) -> Future.succeededFuture(new JsonObject().put("n", ((JsonObject) input).getInteger("n") * 2)));
            AlknetSession client = nodes.connect(o -> o.noSocks5());
            client.registry().register(OperationSpec.builder("/client/square", OperationType.QUERY).build(),
                    (ctx, input) -> Future.succeededFuture(new JsonObject().put("n", ((JsonObject) input).getInteger("n")
                            * ((JsonObject) input).getInteger("n"))));
            CallPeer peer = awaitPeer(nodes);
            assertThat(peer.identity().id()).as("calls from the client run as its key").startsWith("SHA256:");

            List<Future<Object>> fromClient = new ArrayList<>();
            List<Future<Object>> fromServer = new ArrayList<>();
            for (int i = 0; i < CALLS; i++) {
                fromClient.add(client.call("/math/double", new JsonObject().put("n", i)));
                fromServer.add(peer.call("/client/square", new JsonObject().put("n", i % 1000)));
            }
            AlknetTestNodes.await(Future.all(fromClient).timeout(60, TimeUnit.SECONDS));
            AlknetTestNodes.await(Future.all(fromServer).timeout(60, TimeUnit.SECONDS));
            for (int i = 0; i < CALLS; i++) {
                assertThat(((JsonObject) fromClient.get(i).result()).getInteger("n")).isEqualTo(2 * i);
                assertThat(((JsonObject) fromServer.get(i).result()).getInteger("n")).isEqualTo((i % 1000) * (i % 1000));
            }
        }
    }

    @Test
    void subscriptionsStreamAndAccessIsTheSessionIdentity() throws Exception {
        try (AlknetTestNodes nodes = AlknetTestNodes.start()) {
            nodes.server().registry().register(OperationSpec.builder("/clock/ticks", OperationType.SUBSCRIPTION).build(),
                    (ctx, input, sink) -> {
                        for (int i = 0; i < 5; i++) {
                            sink.next(new JsonObject().put("tick", i));
                        }
                        sink.complete();
                    });
            nodes.server().registry().register(OperationSpec.builder("/admin/secret", OperationType.QUERY)
                    .accessControl(AccessControl.scopes("admin:secrets")).build(), (ctx, input) -> Future.succeededFuture("x"));
            AlknetSession client = nodes.connect(o -> o.noSocks5());

            CallSubscription ticks = AlknetTestNodes.await(client.subscribe("/clock/ticks", new JsonObject()));
            List<Object> events = new CopyOnWriteArrayList<>();
            ticks.handler(events::add);
            AlknetTestNodes.await(ticks.done());
            assertThat(events).hasSize(5);

            assertThatThrownBy(() -> AlknetTestNodes.await(client.call("/admin/secret",
                    new JsonObject().put("identity", new JsonObject().put("scopes", List.of("admin:secrets"))))))
                    .hasRootCauseInstanceOf(CallFailure.class).rootCause()
                    .satisfies(e -> assertThat(((CallFailure) e).knownCode()).isEqualTo(CallErrorCode.ACCESS_DENIED));
            JsonObject info = (JsonObject) AlknetTestNodes.await(client.call("/node/info", new JsonObject()));
            assertThat(info.getInteger("operationCount")).isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void closingTheSessionFailsPendingCallsWithUnavailable() throws Exception {
        try (AlknetTestNodes nodes = AlknetTestNodes.start()) {
            nodes.server().registry().register(OperationSpec.builder("/slow/never", OperationType.QUERY).build(),
                    (ctx, input) -> io.vertx.core.Promise.promise().future());
            AlknetSession client = nodes.connect(o -> o.noSocks5());
            Future<Object> pending = client.call("/slow/never", new JsonObject());
            awaitPeer(nodes);
            AlknetTestNodes.await(client.close());
            assertThatThrownBy(() -> AlknetTestNodes.await(pending)).rootCause()
                    .satisfies(e -> assertThat(((CallFailure) e).knownCode()).isEqualTo(CallErrorCode.UNAVAILABLE));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!nodes.server().peers().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(nodes.server().peers()).as("the server forgot the connection").isEmpty();
        }
    }

    @Test
    void eventsPublishedByOneClientAndByLocalCodeReachSubscribersInOrder() throws Exception {
        try (AlknetTestNodes nodes = AlknetTestNodes.start(o -> o.auth(o.auth().withDefaultScopes(
                List.of("relay:connect", "pubsub:subscribe", "pubsub:publish"))))) {
            AlknetSession a = nodes.connect(o -> o.noSocks5());
            AlknetSession b = nodes.connect(o -> o.noSocks5());
            AlknetSession publisher = nodes.connect(o -> o.noSocks5());
            List<TopicEvent> atA = new CopyOnWriteArrayList<>();
            List<TopicEvent> atB = new CopyOnWriteArrayList<>();
            CountDownLatch all = new CountDownLatch(2 * 21);
            AlknetTestNodes.await(a.onEvent("builds", e -> { atA.add(e); all.countDown(); }));
            AlknetTestNodes.await(b.onEvent("builds", e -> { atB.add(e); all.countDown(); }));
            for (int i = 0; i < 20; i++) {
                AlknetTestNodes.await(publisher.publish("builds", "build.done", new JsonObject().put("n", i)));
            }
            nodes.server().publish("builds", "build.note", new JsonObject().put("n", 20));
            assertThat(all.await(20, TimeUnit.SECONDS)).as("every event at both subscribers").isTrue();
            for (List<TopicEvent> seen : List.of(atA, atB)) {
                assertThat(seen).extracting(e -> ((JsonObject) e.payload()).getInteger("n"))
                        .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 21).boxed().toList());
            }
        }
    }

    @Test
    void publishingWithoutTheScopeIsRefused() throws Exception {
        try (AlknetTestNodes nodes = AlknetTestNodes.start()) {
            AlknetSession client = nodes.connect(o -> o.noSocks5());
            assertThatThrownBy(() -> AlknetTestNodes.await(client.publish("builds", "build.done", new JsonObject())))
                    .rootCause().satisfies(e -> assertThat(((CallFailure) e).knownCode()).isEqualTo(CallErrorCode.ACCESS_DENIED));
        }
    }

    private static CallPeer awaitPeer(AlknetTestNodes nodes) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (nodes.server().peers().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(nodes.server().peers()).as("the client's control channel").hasSize(1);
        return nodes.server().peers().get(0);
    }
}
