package alknet.call.env;

import alknet.Addresses;
import alknet.api.Identity;
import alknet.call.Await;
import alknet.api.CallErrorCode;
import alknet.api.CallFailure;
import alknet.call.metrics.CallMetrics;
import alknet.api.AccessControl;
import alknet.api.CallOptions;
import alknet.call.operation.CallRouterOptions;
import alknet.api.CallSubscription;
import alknet.api.OperationEnv;
import alknet.api.OperationSpec;
import alknet.api.OperationType;
import alknet.call.operation.OutputValidation;
import alknet.call.registry.OperationDispatcher;
import alknet.call.registry.OperationRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** 30-call-protocol.md section 4, path 2: a namespace served over the event bus at alknet.svc.NAMESPACE. */
class EventBusRouteTest {
    private static final Identity ALICE = new Identity("SHA256:alice", List.of("fs:read"), Map.of());
    private final Vertx vertx = Vertx.vertx();
    private final CallRouterOptions options = new CallRouterOptions().setOutputValidation(OutputValidation.STRICT);
    private final OperationRegistry serviceOps = new OperationRegistry();
    private final List<Object> serviceAborts = new CopyOnWriteArrayList<>();
    private EventBusService service;
    private EventBusRoute route;
    private OperationEnv env;

    @BeforeEach
    void setUp() {
        serviceOps.register(OperationSpec.builder("/fs/whoami", OperationType.QUERY)
                .accessControl(AccessControl.scopes("fs:read")).build(), (ctx, in) ->
                Future.succeededFuture(new JsonObject().put("caller", ctx.identity().id()).put("parent", ctx.parentRequestId())));
        serviceOps.register(OperationSpec.builder("/fs/hang", OperationType.QUERY).build(), (ctx, in) -> {
            ctx.aborted().onSuccess(serviceAborts::add);
            return Promise.promise().future();
        });
        serviceOps.register(OperationSpec.builder("/fs/watch", OperationType.SUBSCRIPTION).build(), (ctx, in, sink) -> {
            ctx.aborted().onSuccess(serviceAborts::add);
            sink.next("a");
            sink.next("b");
            if ("finite".equals(in)) {
                sink.complete();
            }
        });
        service = Await.result(EventBusService.bind(vertx, "fs",
                new OperationDispatcher(vertx, serviceOps, options, CallMetrics.NONE), false));
        OperationDispatcher callerSide = new OperationDispatcher(vertx, new OperationRegistry(), options, CallMetrics.NONE);
        route = new EventBusRoute(vertx, "fs", options);
        callerSide.routes().route("fs", route);
        env = callerSide.routes().rootEnv(ALICE);
    }

    @AfterEach
    void tearDown() {
        Await.result(vertx.close());
    }

    @Test
    void callRunsOnTheServiceWithTheCallersIdentity() {
        JsonObject out = (JsonObject) Await.result(env.invoke("fs", "whoami", null));
        assertThat(out.getString("caller")).isEqualTo(ALICE.id());
        Identity stranger = new Identity("SHA256:s", List.of(), Map.of());
        OperationDispatcher other = new OperationDispatcher(vertx, new OperationRegistry(), options, CallMetrics.NONE);
        other.routes().route("fs", route);
        assertThat(Await.failure(other.routes().rootEnv(stranger).invoke("fs", "whoami", null))
                .is(CallErrorCode.ACCESS_DENIED)).isTrue();
    }

    @Test
    void timeoutAbortsTheServiceSideHandler() {
        CallFailure failure = Await.failure(env.invoke("fs", "hang", null, CallOptions.DEFAULT.timeout(Duration.ofMillis(200))));
        assertThat(failure.is(CallErrorCode.TIMEOUT)).isTrue();
        Await.until(() -> serviceAborts.size() == 1 && service.runningCount() == 0, "the service aborted the handler");
    }

    @Test
    void namespaceWithoutAServiceIsUnavailable() {
        OperationDispatcher d = new OperationDispatcher(vertx, new OperationRegistry(), options, CallMetrics.NONE);
        d.routes().route("nobody", new EventBusRoute(vertx, "nobody", options));
        CallFailure failure = Await.failure(d.routes().rootEnv(ALICE).invoke("nobody", "op", null));
        assertThat(failure.is(CallErrorCode.UNAVAILABLE)).isTrue();
        assertThat(failure.retryable()).isTrue();
    }

    @Test
    void subscriptionStreamsOverTheBusAndLeavesNoConsumer() {
        CallSubscription finite = env.subscribe("fs", "watch", "finite");
        List<Object> events = new CopyOnWriteArrayList<>();
        finite.handler(events::add);
        Await.result(finite.done());
        assertThat(events).containsExactly("a", "b");
        Await.until(() -> route.openStreams() == 0, "stream consumer removed");
        assertNoConsumer(streamAddress(finite));
    }

    @Test
    void cancellingAnEventBusSubscriptionAbortsTheServiceHandler() {
        CallSubscription sub = env.subscribe("fs", "watch", "forever");
        Promise<Object> first = Promise.promise();
        sub.handler(first::tryComplete);
        Await.result(first.future());
        sub.cancel();
        Await.until(() -> serviceAborts.size() == 1 && service.runningCount() == 0, "the service aborted the handler");
        assertThat(route.openStreams()).isZero();
        assertNoConsumer(streamAddress(sub));
    }

    @Test
    void unbindingRemovesTheServiceAndAbortsWhatRuns() {
        Future<Object> hanging = env.invoke("fs", "hang", null);
        Await.until(() -> service.runningCount() == 1, "running");
        Await.result(service.unbind());
        Await.until(() -> serviceAborts.size() == 1, "handler aborted");
        assertNoConsumer(Addresses.service("fs"));
        assertThat(Await.failure(env.invoke("fs", "whoami", null)).is(CallErrorCode.UNAVAILABLE)).isTrue();
        assertThat(hanging.isComplete()).isFalse(); // the caller's own deadline ends it
    }

    @Test
    void localOnlyServiceWorksInThisJvm() {
        Await.result(service.unbind());
        Await.result(EventBusService.bind(vertx, "fs", new OperationDispatcher(vertx, serviceOps, options, CallMetrics.NONE), true));
        assertThat(((JsonObject) Await.result(env.invoke("fs", "whoami", null))).getString("caller")).isEqualTo(ALICE.id());
    }

    private static String streamAddress(CallSubscription sub) {
        return BusMessages.STREAM_PREFIX + sub.requestId();
    }

    private void assertNoConsumer(String address) {
        try {
            vertx.eventBus().request(address, new JsonObject()).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
            throw new AssertionError("something still consumes " + address);
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(ReplyException.class);
            assertThat(((ReplyException) e.getCause()).failureType()).isEqualTo(ReplyFailure.NO_HANDLERS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
