package alknet.call.registry;

import alknet.api.Identity;
import alknet.call.Await;
import alknet.api.CallErrorCode;
import alknet.api.CallFailure;
import alknet.call.metrics.CallMetrics;
import alknet.api.CallOptions;
import alknet.call.operation.CallRouterOptions;
import alknet.api.CallSubscription;
import alknet.api.OperationContext;
import alknet.api.OperationSpec;
import alknet.api.OperationType;
import alknet.call.operation.OutputValidation;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** 30-call-protocol.md section 4 on the local path: nested calls, identity, parent abort, deadlines. */
class OperationEnvTest {
    private static final Identity ALICE = new Identity("SHA256:alice", List.of("a"), Map.of());
    private final Vertx vertx = Vertx.vertx();
    private final OperationRegistry registry = new OperationRegistry();
    private final OperationDispatcher dispatcher = new OperationDispatcher(vertx, registry,
            new CallRouterOptions().setOutputValidation(OutputValidation.STRICT).setDefaultTimeout(Duration.ofSeconds(5)),
            CallMetrics.NONE);

    @AfterEach
    void close() {
        Await.result(vertx.close());
    }

    @Test
    void nestedCallKeepsTheIdentityAndNamesItsParent() {
        AtomicReference<OperationContext> outer = new AtomicReference<>();
        AtomicReference<OperationContext> inner = new AtomicReference<>();
        registry.register(OperationSpec.builder("/svc/inner", OperationType.QUERY).build(), (ctx, in) -> {
            inner.set(ctx);
            return Future.succeededFuture("inner:" + in);
        });
        registry.register(OperationSpec.builder("/svc/outer", OperationType.QUERY).build(), (ctx, in) -> {
            outer.set(ctx);
            return ctx.env().invoke("svc", "inner", in);
        });
        assertThat(Await.result(dispatcher.routes().rootEnv(ALICE).invoke("svc", "outer", 7))).isEqualTo("inner:7");
        assertThat(inner.get().identity()).isEqualTo(ALICE);
        assertThat(inner.get().parentRequestId()).isEqualTo(outer.get().requestId());
        assertThat(inner.get().deadline()).isLessThanOrEqualTo(outer.get().deadline()).isPositive();
    }

    @Test
    void abortingTheParentAbortsItsChildren() {
        List<CallFailure> childAborts = new CopyOnWriteArrayList<>();
        Promise<Void> childrenStarted = Promise.promise();
        registry.register(OperationSpec.builder("/svc/hang", OperationType.QUERY).build(), (ctx, in) -> {
            ctx.aborted().onSuccess(childAborts::add);
            return Promise.promise().future();
        });
        registry.register(OperationSpec.builder("/svc/ticker", OperationType.SUBSCRIPTION).build(), (ctx, in, sink) ->
                ctx.aborted().onSuccess(childAborts::add));
        registry.register(OperationSpec.builder("/svc/parent", OperationType.QUERY).build(), (ctx, in) -> {
            ctx.env().invoke("svc", "hang", null);
            ctx.env().subscribe("svc", "ticker", null);
            childrenStarted.complete();
            return Promise.promise().future();
        });
        Future<Object> parent = dispatcher.routes().rootEnv(ALICE).invoke("svc", "parent", null,
                CallOptions.DEFAULT.timeout(Duration.ofMillis(300)));
        Await.result(childrenStarted.future());
        assertThat(Await.failure(parent).is(CallErrorCode.TIMEOUT)).isTrue();
        Await.until(() -> childAborts.size() == 2, "both children saw the abort");
        // The query child shares the parent's deadline, so its own timer may fire first.
        assertThat(childAborts).allSatisfy(f -> assertThat(f.code()).isIn("ABORTED", "TIMEOUT"));
    }

    @Test
    void childDeadlineIsCappedByTheParents() {
        AtomicReference<Long> childDeadline = new AtomicReference<>();
        registry.register(OperationSpec.builder("/svc/child", OperationType.QUERY).build(), (ctx, in) -> {
            childDeadline.set(ctx.deadline());
            return Future.succeededFuture(null);
        });
        registry.register(OperationSpec.builder("/svc/parent", OperationType.QUERY).build(), (ctx, in) ->
                ctx.env().invoke("svc", "child", null, CallOptions.DEFAULT.timeout(Duration.ofHours(1))));
        long deadline = System.currentTimeMillis() + 2_000;
        Await.result(dispatcher.routes().rootEnv(ALICE).invoke("svc", "parent", null, CallOptions.DEFAULT.deadline(deadline)));
        assertThat(childDeadline.get()).isEqualTo(deadline);
    }

    @Test
    void localSubscriptionStreamsEventsThenEnds() {
        registry.register(OperationSpec.builder("/svc/count", OperationType.SUBSCRIPTION).build(), (ctx, in, sink) -> {
            for (int i = 0; i < (Integer) in; i++) {
                sink.next(i);
            }
            sink.complete();
        });
        CallSubscription sub = dispatcher.routes().rootEnv(ALICE).subscribe("svc", "count", 4);
        List<Object> seen = new CopyOnWriteArrayList<>();
        sub.handler(seen::add);
        Await.result(sub.done());
        assertThat(seen).containsExactly(0, 1, 2, 3);
    }

    @Test
    void cancellingALocalSubscriptionAbortsItsHandler() {
        AtomicReference<CallFailure> handlerSaw = new AtomicReference<>();
        registry.register(OperationSpec.builder("/svc/forever", OperationType.SUBSCRIPTION).build(), (ctx, in, sink) ->
                ctx.aborted().onSuccess(handlerSaw::set));
        CallSubscription sub = dispatcher.routes().rootEnv(ALICE).subscribe("svc", "forever", null);
        sub.cancel();
        assertThat(Await.failure(sub.done()).is(CallErrorCode.ABORTED)).isTrue();
        assertThat(handlerSaw.get().is(CallErrorCode.ABORTED)).isTrue();
    }

    @Test
    void routesPickThePathPerNamespace() {
        List<String> routed = new CopyOnWriteArrayList<>();
        dispatcher.routes().route("remote", new alknet.call.operation.Route() {
            @Override
            public Future<Object> invoke(Identity caller, String operationId, Object input, CallOptions options) {
                routed.add(operationId + " as " + caller.id() + " parent " + options.parentRequestId());
                return Future.succeededFuture("routed");
            }

            @Override
            public CallSubscription subscribe(Identity caller, String operationId, Object input, CallOptions options) {
                throw new UnsupportedOperationException();
            }
        });
        registry.register(OperationSpec.builder("/svc/p", OperationType.QUERY).build(), (ctx, in) ->
                ctx.env().invoke("remote", "op", null).map(r -> r + " from " + ctx.requestId()));
        String out = (String) Await.result(dispatcher.routes().rootEnv(ALICE).invoke("svc", "p", null));
        assertThat(out).startsWith("routed from ");
        assertThat(routed).containsExactly("/remote/op as SHA256:alice parent " + out.substring("routed from ".length()));
    }
}
