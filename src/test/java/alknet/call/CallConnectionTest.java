package alknet.call;

import alknet.api.Identity;
import alknet.api.CallErrorCode;
import alknet.api.CallFailure;
import alknet.call.frame.Envelope;
import alknet.call.metrics.CallMetrics;
import alknet.api.AccessControl;
import alknet.api.CallOptions;
import alknet.call.operation.CallRouterOptions;
import alknet.api.CallSubscription;
import alknet.api.OperationSpec;
import alknet.api.OperationType;
import alknet.call.operation.OutputValidation;
import alknet.call.registry.OperationDispatcher;
import alknet.call.registry.OperationRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** 30-call-protocol.md section 2 over real loopback TCP: both sides call, deadlines, aborts, close. */
class CallConnectionTest {
    static final Identity CLIENT = new Identity("SHA256:client", List.of("app"), Map.of());
    static final Identity SERVER = new Identity("SHA256:server", List.of("node"), Map.of());
    private static final Duration WAIT = Duration.ofSeconds(5);

    private final Vertx vertx = Vertx.vertx();
    private final OperationRegistry serverOps = new OperationRegistry();
    private final OperationRegistry clientOps = new OperationRegistry();
    private final List<CallFailure> serverAborts = new CopyOnWriteArrayList<>();
    private final List<CallFailure> clientAborts = new CopyOnWriteArrayList<>();
    private LoopbackCallServer server;
    private CallConnection client;

    @BeforeEach
    void setUp() {
        CallRouterOptions options = new CallRouterOptions().setOutputValidation(OutputValidation.STRICT);
        server = LoopbackCallServer.start(vertx, CLIENT, dispatcher(serverOps, options), options);
        client = server.connect(SERVER, dispatcher(clientOps, options));
        serverOps.register(query("/srv/whoami"), (ctx, in) -> Future.succeededFuture(ctx.identity().id()));
        serverOps.register(query("/srv/hang"), (ctx, in) -> {
            ctx.aborted().onSuccess(serverAborts::add);
            return Promise.promise().future();
        });
        serverOps.register(OperationSpec.builder("/srv/stream", OperationType.SUBSCRIPTION).build(), (ctx, in, sink) -> {
            ctx.aborted().onSuccess(serverAborts::add);
            for (int i = 0; i < (in instanceof Integer n ? n : 1); i++) {
                sink.next(i);
            }
            if (in instanceof Integer) {
                sink.complete();
            }
        });
        clientOps.register(query("/cli/hang"), (ctx, in) -> {
            ctx.aborted().onSuccess(clientAborts::add);
            return Promise.promise().future();
        });
    }

    private OperationDispatcher dispatcher(OperationRegistry registry, CallRouterOptions options) {
        return new OperationDispatcher(vertx, registry, options, CallMetrics.NONE);
    }

    static OperationSpec query(String name) {
        return OperationSpec.builder(name, OperationType.QUERY).build();
    }

    @AfterEach
    void tearDown() {
        server.close();
        Await.result(vertx.close());
    }

    @Test
    void bothSidesCallEachOtherAsTheAuthenticatedIdentity() {
        clientOps.register(query("/cli/whoami"), (ctx, in) -> Future.succeededFuture(ctx.identity().id() + ":" + in));
        assertThat(Await.result(client.call("/srv/whoami", null))).isEqualTo(CLIENT.id());
        assertThat(Await.result(server.lastAccepted().call("/cli/whoami", 5))).isEqualTo(SERVER.id() + ":5");
        assertThat(client.pendingCount()).isZero();
        assertThat(server.lastAccepted().runningCount()).isZero();
    }

    @Test
    void anIdentityFieldInThePayloadHasNoEffect() {
        serverOps.register(OperationSpec.builder("/srv/admin", OperationType.MUTATION)
                .accessControl(AccessControl.scopes("admin")).build(), (ctx, in) -> Future.succeededFuture("done"));
        JsonObject forged = new JsonObject().put("id", "SHA256:admin").put("scopes", List.of("admin"));
        try (RawFramePeer peer = new RawFramePeer(server.port())) {
            peer.send(new Envelope("call.requested", "r1", new JsonObject().put("requestId", "r1")
                    .put("operationId", "/srv/whoami").put("identity", forged)));
            Envelope whoami = peer.next(WAIT);
            assertThat(whoami.payloadObject().getValue("output")).isEqualTo(CLIENT.id());

            peer.send(new Envelope("call.requested", "r2", new JsonObject().put("requestId", "r2")
                    .put("operationId", "/srv/admin").put("identity", forged)));
            Envelope refused = peer.next(WAIT);
            assertThat(refused.type()).isEqualTo("call.error");
            assertThat(refused.payloadObject().getString("code")).isEqualTo("ACCESS_DENIED");
        }
    }

    @Test
    void timeoutFailsTheCallerAndTellsTheCallee() {
        try (RawFramePeer peer = new RawFramePeer(server.port())) {
            Await.until(() -> server.accepted().size() == 2, "raw peer accepted");
            CallConnection toPeer = server.lastAccepted();
            Future<Object> call = toPeer.call("/peer/slow", null, CallOptions.DEFAULT.timeout(Duration.ofMillis(200)));
            Envelope requested = peer.next(WAIT);
            assertThat(requested.type()).isEqualTo("call.requested");
            long deadline = requested.payloadObject().getLong("deadline");
            assertThat(deadline).isBetween(System.currentTimeMillis() - 1000, System.currentTimeMillis() + 1000);

            CallFailure failure = Await.failure(call);
            assertThat(failure.is(CallErrorCode.TIMEOUT)).isTrue();
            Envelope aborted = peer.next(WAIT);
            assertThat(aborted.type()).isEqualTo("call.aborted");
            assertThat(aborted.requestId()).isEqualTo(requested.requestId()).isEqualTo(aborted.id());
            assertThat(toPeer.pendingCount()).isZero();
        }
    }

    @Test
    void queryWithoutADeadlineGetsTheDefaultThirtySeconds() {
        try (RawFramePeer peer = new RawFramePeer(server.port())) {
            Await.until(() -> server.accepted().size() == 2, "raw peer accepted");
            server.lastAccepted().call("/peer/any", null);
            long deadline = peer.next(WAIT).payloadObject().getLong("deadline");
            assertThat(deadline - System.currentTimeMillis()).isBetween(25_000L, 30_000L);
        }
    }

    @Test
    void calleeHandlerObservesTheAbortWhenTheCallerTimesOut() {
        CallFailure failure = Await.failure(client.call("/srv/hang", null, CallOptions.DEFAULT.timeout(Duration.ofMillis(200))));
        assertThat(failure.is(CallErrorCode.TIMEOUT)).isTrue();
        Await.until(() -> serverAborts.size() == 1, "the handler saw the abort");
        assertThat(serverAborts.get(0).code()).isIn("ABORTED", "TIMEOUT");
        Await.until(() -> server.lastAccepted().runningCount() == 0, "the callee forgot the call");
    }

    @Test
    void subscriptionStreamsEventsThenCompletes() {
        List<Object> events = new CopyOnWriteArrayList<>();
        CallSubscription sub = client.subscribe("/srv/stream", 5);
        sub.handler(events::add);
        Await.result(sub.done());
        assertThat(events).containsExactly(0, 1, 2, 3, 4);
        assertThat(client.pendingCount()).isZero();
    }

    @Test
    void idleSubscriptionIsAbortedWithTimeout() {
        CallSubscription sub = client.subscribe("/srv/stream", "one event then silence",
                CallOptions.DEFAULT.idleTimeout(Duration.ofMillis(300)));
        List<Object> events = new CopyOnWriteArrayList<>();
        sub.handler(events::add);
        assertThat(Await.failure(sub.done()).is(CallErrorCode.TIMEOUT)).isTrue();
        assertThat(events).containsExactly(0);
        Await.until(() -> serverAborts.size() == 1, "the handler saw the abort");
        assertThat(serverAborts.get(0).is(CallErrorCode.ABORTED)).isTrue();
    }

    @Test
    void cancellingASubscriptionAbortsTheRemoteHandler() {
        CallSubscription sub = client.subscribe("/srv/stream", "forever");
        Promise<Object> first = Promise.promise();
        sub.handler(first::tryComplete);
        Await.result(first.future());
        sub.cancel();
        Await.until(() -> serverAborts.size() == 1, "the handler saw the abort");
        assertThat(Await.failure(sub.done()).is(CallErrorCode.ABORTED)).isTrue();
        Await.until(() -> server.lastAccepted().runningCount() == 0 && client.pendingCount() == 0, "both maps empty");
    }

    @Test
    void closingFailsPendingCallsAbortsHandlersAndEndsSubscriptionsWithAnError() {
        CallConnection serverSide = server.lastAccepted();
        Future<Object> clientCall = client.call("/srv/hang", null);
        CallSubscription clientSub = client.subscribe("/srv/stream", "forever");
        List<Object> subscriptionSaw = new CopyOnWriteArrayList<>();
        clientSub.handler(subscriptionSaw::add).endHandler(v -> subscriptionSaw.add("end"))
                .exceptionHandler(subscriptionSaw::add);
        Future<Object> serverCall = serverSide.call("/cli/hang", null);
        Await.until(() -> serverSide.runningCount() == 2 && client.runningCount() == 1 && subscriptionSaw.size() == 1,
                "all calls running");

        Await.result(client.close());

        assertThat(Await.failure(clientCall).is(CallErrorCode.UNAVAILABLE)).isTrue();
        assertThat(Await.failure(clientCall).retryable()).isTrue();
        assertThat(Await.failure(clientSub.done()).is(CallErrorCode.UNAVAILABLE)).isTrue();
        assertThat(subscriptionSaw).hasSize(2).last().isInstanceOf(CallFailure.class);
        assertThat(Await.failure(serverCall).is(CallErrorCode.UNAVAILABLE)).isTrue();
        Await.until(() -> serverAborts.size() == 2 && clientAborts.size() == 1, "every handler aborted");
        assertThat(serverAborts).allSatisfy(f -> assertThat(f.is(CallErrorCode.UNAVAILABLE)).isTrue());
        Await.result(serverSide.closed());
        for (CallConnection c : List.of(client, serverSide)) {
            assertThat(c.pendingCount()).isZero();
            assertThat(c.runningCount()).isZero();
            assertThat(c.isOpen()).isFalse();
        }
        assertThat(Await.failure(client.call("/srv/whoami", null)).is(CallErrorCode.UNAVAILABLE)).isTrue();
        assertThat(Await.failure(client.subscribe("/srv/stream", 1).done()).is(CallErrorCode.UNAVAILABLE)).isTrue();
        assertThat(client.pendingCount()).isZero();
    }

    @Test
    void duplicateRequestIdGetsAnErrorAndTheFirstCallKeepsRunning() {
        Promise<Object> answer = Promise.promise();
        serverOps.register(query("/srv/later"), (ctx, in) -> answer.future());
        try (RawFramePeer peer = new RawFramePeer(server.port())) {
            JsonObject request = new JsonObject().put("requestId", "dup").put("operationId", "/srv/later");
            peer.send(new Envelope("call.requested", "dup", request));
            Await.until(() -> server.accepted().size() == 2 && server.lastAccepted().runningCount() == 1, "first running");
            peer.send(new Envelope("call.requested", "dup", request));
            Envelope error = peer.next(WAIT);
            assertThat(error.type()).isEqualTo("call.error");
            assertThat(error.payloadObject().getString("message")).contains("duplicate requestId");
            assertThat(server.lastAccepted().runningCount()).isEqualTo(1);
            answer.complete("first");
            Envelope response = peer.next(WAIT);
            assertThat(response.type()).isEqualTo("call.responded");
            assertThat(response.payloadObject().getValue("output")).isEqualTo("first");
        }
    }

    @Test
    void requestIdFallsBackToTheEnvelopeId() {
        try (RawFramePeer peer = new RawFramePeer(server.port())) {
            peer.send(new Envelope("call.requested", "env-7", new JsonObject().put("operationId", "/srv/whoami")));
            Envelope response = peer.next(WAIT);
            assertThat(response.id()).isEqualTo("env-7");
            assertThat(response.payloadObject().getString("requestId")).isEqualTo("env-7");
        }
    }

    @Test
    void unknownCallTypesGetAnErrorOtherUnknownTypesAreIgnored() {
        try (RawFramePeer peer = new RawFramePeer(server.port())) {
            peer.send(new Envelope("call.bogus", "x1", null));
            Envelope error = peer.next(WAIT);
            assertThat(error.type()).isEqualTo("call.error");
            assertThat(error.requestId()).isEqualTo("x1");
            peer.send(new Envelope("__future", "", null));
            peer.send(new Envelope("weather.changed", "topic", new JsonObject()));
            peer.send(new Envelope("call.requested", "r", new JsonObject().put("requestId", "r").put("operationId", 5)));
            Envelope invalid = peer.next(WAIT);
            assertThat(invalid.payloadObject().getString("code")).isEqualTo("VALIDATION_ERROR");
            peer.send(new Envelope("call.requested", "r2", new JsonObject().put("operationId", "/srv/whoami")));
            assertThat(peer.next(WAIT).type()).isEqualTo("call.responded");
        }
    }

    @Test
    void framesTricklingInOneByteAtATimeAreServed() throws Exception {
        byte[] frame = new alknet.call.frame.FrameEncoder(1024).encode(new Envelope("call.requested", "slow",
                new JsonObject().put("operationId", "/srv/whoami"))).getBytes();
        try (RawFramePeer peer = new RawFramePeer(server.port())) {
            for (byte b : frame) {
                peer.sendBytes(new byte[] {b});
                Thread.sleep(1);
            }
            Envelope response = peer.next(WAIT);
            assertThat(response.id()).isEqualTo("slow");
            assertThat(response.payloadObject().getValue("output")).isEqualTo(CLIENT.id());
        }
    }

    @Test
    void abortForAnUnknownIdIsIgnored() {
        try (RawFramePeer peer = new RawFramePeer(server.port())) {
            peer.send(new Envelope("call.aborted", "nobody", new JsonObject().put("requestId", "nobody")));
            peer.send(new Envelope("call.requested", "r", new JsonObject().put("operationId", "/srv/whoami")));
            assertThat(peer.next(WAIT).type()).isEqualTo("call.responded");
        }
    }

    @Test
    void garbageOrAnOversizedPrefixClosesThatConnectionOnly() {
        int mark = alknet.testsupport.LogCollector.mark();
        try (RawFramePeer garbage = new RawFramePeer(server.port())) {
            garbage.sendBytes(new byte[] {0, 0, 0, 5, 'h', 'e', 'l', 'l', 'o'});
            assertThat(garbage.closedWithin(WAIT)).isTrue();
        }
        try (RawFramePeer huge = new RawFramePeer(server.port())) {
            huge.sendBytes(new byte[] {(byte) 0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF});
            assertThat(huge.closedWithin(WAIT)).isTrue();
        }
        assertThat(Await.result(client.call("/srv/whoami", null))).isEqualTo(CLIENT.id());
        Await.until(() -> server.accepted().stream().filter(CallConnection::isOpen).count() == 1, "bad connections closed");
        // The reason is logged, the peer's byte count is not.
        assertThat(alknet.testsupport.LogCollector.linesSince(mark)).anyMatch(l -> l.contains("--max-frame"))
                .noneMatch(l -> l.contains("2147483647"));
    }
}
