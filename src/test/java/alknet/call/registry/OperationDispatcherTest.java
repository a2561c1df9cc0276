package alknet.call.registry;

import alknet.api.Identity;
import alknet.call.Await;
import alknet.api.CallErrorCode;
import alknet.api.CallFailure;
import alknet.call.metrics.CallMetrics;
import alknet.api.AbortSignal;
import alknet.api.AccessControl;
import alknet.call.operation.CallRequest;
import alknet.call.operation.CallRouterOptions;
import alknet.api.OperationContext;
import alknet.api.OperationSpec;
import alknet.api.OperationType;
import alknet.call.operation.OutputValidation;
import alknet.testsupport.LogCollector;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** 30-call-protocol.md section 3: what happens before, during and after a handler runs. */
class OperationDispatcherTest {
    private static final Identity READER = new Identity("SHA256:reader", List.of("fs:read"), Map.of());
    private static final JsonObject PATH_INPUT = new JsonObject().put("type", "object")
            .put("properties", new JsonObject().put("path", new JsonObject().put("type", "string")))
            .put("required", new JsonArray().add("path"));

    private final Vertx vertx = Vertx.vertx();
    private final OperationRegistry registry = new OperationRegistry();
    private final List<String> results = new CopyOnWriteArrayList<>();
    private final CallMetrics metrics = (result, nanos) -> results.add(result);

    @AfterEach
    void close() {
        Await.result(vertx.close());
    }

    private OperationDispatcher dispatcher(OutputValidation mode) {
        return new OperationDispatcher(vertx, registry, new CallRouterOptions().setOutputValidation(mode), metrics);
    }

    private static CallRequest request(String op, Object input) {
        return new CallRequest("r1", op, input, 0, 0, null, null);
    }

    private RecordingSink run(OperationDispatcher d, Identity caller, String op, Object input) {
        RecordingSink sink = new RecordingSink();
        d.dispatch(caller, request(op, input), new AbortSignal(), sink);
        return sink;
    }

    private void registerRead(OutputValidationCase output) {
        registry.register(OperationSpec.builder("/fs/read", OperationType.QUERY).inputSchema(PATH_INPUT)
                .outputSchema(new JsonObject().put("type", "string"))
                .accessControl(AccessControl.scopes("fs:read")).build(),
                (ctx, input) -> Future.succeededFuture(output.value(((JsonObject) input).getString("path"))));
    }

    private interface OutputValidationCase {
        Object value(String path);
    }

    @Test
    void handlerOutputReachesTheSinkAndIsCounted() {
        registerRead(path -> "content of " + path);
        RecordingSink sink = run(dispatcher(OutputValidation.STRICT), READER, "/fs/read", new JsonObject().put("path", "a"));
        assertThat(Await.result(sink.end.future())).isEqualTo("content of a");
        assertThat(results).containsExactly("ok");
    }

    @Test
    void unknownOperationIsNotFound() {
        RecordingSink sink = run(dispatcher(OutputValidation.STRICT), READER, "/fs/nope", null);
        CallFailure f = Await.failure(sink.end.future());
        assertThat(f.is(CallErrorCode.OPERATION_NOT_FOUND)).isTrue();
        assertThat(f.getMessage()).contains("/services/list");
        assertThat(results).containsExactly("OPERATION_NOT_FOUND");
    }

    @Test
    void accessIsCheckedBeforeValidation() {
        registerRead(path -> path);
        Identity stranger = new Identity("SHA256:s", List.of("relay:connect"), Map.of());
        CallFailure f = Await.failure(run(dispatcher(OutputValidation.STRICT), stranger, "/fs/read", "not an object").end.future());
        assertThat(f.is(CallErrorCode.ACCESS_DENIED)).isTrue();
        assertThat(f.getMessage()).contains("scopes fs:read");
        assertThat(Await.failure(run(dispatcher(OutputValidation.STRICT), null, "/fs/read", null).end.future())
                .is(CallErrorCode.ACCESS_DENIED)).isTrue();
    }

    @Test
    void invalidInputGetsTheValidatorsMessage() {
        registerRead(path -> path);
        CallFailure f = Await.failure(run(dispatcher(OutputValidation.STRICT), READER, "/fs/read",
                new JsonObject().put("path", 7)).end.future());
        assertThat(f.is(CallErrorCode.VALIDATION_ERROR)).isTrue();
        assertThat(f.getMessage()).contains("inputSchema").contains("string expected");
    }

    @Test
    void strictOutputValidationFailsTheCall() {
        registerRead(path -> 42);
        CallFailure f = Await.failure(run(dispatcher(OutputValidation.STRICT), READER, "/fs/read",
                new JsonObject().put("path", "a")).end.future());
        assertThat(f.is(CallErrorCode.EXECUTION_ERROR)).isTrue();
        assertThat(f.getMessage()).contains("outputSchema");
    }

    @Test
    void warnOutputValidationSendsItAndLogsWithoutTheValue() {
        registerRead(path -> 4242424242L);
        int mark = LogCollector.mark();
        Object out = Await.result(run(dispatcher(OutputValidation.WARN), READER, "/fs/read",
                new JsonObject().put("path", "a")).end.future());
        assertThat(out).isEqualTo(4242424242L);
        assertThat(LogCollector.linesSince(mark)).anyMatch(l -> l.contains("/fs/read") && l.contains("outputSchema"))
                .noneMatch(l -> l.contains("4242424242"));
    }

    @Test
    void handlerFailuresKeepTheirCodeOrBecomeExecutionErrors() {
        registry.register(OperationSpec.builder("/x/typed", OperationType.MUTATION).build(),
                (ctx, in) -> Future.failedFuture(CallFailure.of(CallErrorCode.UNAVAILABLE, "backend down")));
        registry.register(OperationSpec.builder("/x/throws", OperationType.MUTATION).build(), (ctx, in) -> {
            throw new IllegalStateException("bug");
        });
        registry.register(OperationSpec.builder("/x/null", OperationType.MUTATION).build(), (ctx, in) -> null);
        OperationDispatcher d = dispatcher(OutputValidation.STRICT);
        CallFailure typed = Await.failure(run(d, READER, "/x/typed", null).end.future());
        assertThat(typed.is(CallErrorCode.UNAVAILABLE)).isTrue();
        assertThat(typed.retryable()).isTrue();
        assertThat(Await.failure(run(d, READER, "/x/throws", null).end.future())).hasMessage("bug")
                .satisfies(f -> assertThat(f.is(CallErrorCode.EXECUTION_ERROR)).isTrue());
        assertThat(Await.failure(run(d, READER, "/x/null", null).end.future()).getMessage()).contains("no Future");
    }

    @Test
    void contextCarriesIdentityRequestDeadlineAndMetadata() {
        AtomicReference<OperationContext> seen = new AtomicReference<>();
        registry.register(OperationSpec.builder("/x/ctx", OperationType.QUERY).build(), (ctx, in) -> {
            seen.set(ctx);
            return Future.succeededFuture(null);
        });
        RecordingSink sink = new RecordingSink();
        dispatcher(OutputValidation.STRICT).dispatch(READER, new CallRequest("req-9", "/x/ctx", null, 12345, 0, "parent-1",
                new JsonObject().put("trace", "t")), new AbortSignal(), sink);
        Await.result(sink.end.future());
        assertThat(seen.get().identity()).isEqualTo(READER);
        assertThat(seen.get().requestId()).isEqualTo("req-9");
        assertThat(seen.get().deadline()).isEqualTo(12345);
        assertThat(seen.get().parentRequestId()).isEqualTo("parent-1");
        assertThat(seen.get().metadata().getString("trace")).isEqualTo("t");
    }

    @Test
    void abortReachesTheHandlerAndSilencesItsLateAnswer() {
        Promise<Object> late = Promise.promise();
        AtomicReference<CallFailure> handlerSaw = new AtomicReference<>();
        registry.register(OperationSpec.builder("/x/slow", OperationType.QUERY).build(), (ctx, in) -> {
            ctx.aborted().onSuccess(handlerSaw::set);
            return late.future();
        });
        AbortSignal abort = new AbortSignal();
        RecordingSink sink = new RecordingSink();
        dispatcher(OutputValidation.STRICT).dispatch(READER, request("/x/slow", null), abort, sink);
        abort.abort(CallFailure.of(CallErrorCode.ABORTED, "caller gave up"));
        late.complete("too late");
        assertThat(handlerSaw.get().is(CallErrorCode.ABORTED)).isTrue();
        assertThat(sink.terminals).hasValue(0);
        assertThat(results).containsExactly("ABORTED");
        assertThat(abort.listenerCount()).isZero();
    }

    @Test
    void subscriptionEventsAreValidatedAndARefusedOneStopsTheHandler() {
        AtomicReference<CallFailure> handlerSaw = new AtomicReference<>();
        registry.register(OperationSpec.builder("/x/ticks", OperationType.SUBSCRIPTION)
                .outputSchema(new JsonObject().put("type", "integer")).build(), (ctx, in, sink) -> {
            ctx.aborted().onSuccess(handlerSaw::set);
            sink.next(1);
            sink.next(2);
            sink.next("three");
            sink.next(4);
            sink.complete();
        });
        RecordingSink sink = run(dispatcher(OutputValidation.STRICT), READER, "/x/ticks", null);
        assertThat(Await.failure(sink.end.future()).is(CallErrorCode.EXECUTION_ERROR)).isTrue();
        assertThat(sink.events).containsExactly(1, 2);
        assertThat(sink.terminals).hasValue(1);
        assertThat(handlerSaw.get()).isNotNull();
    }
}
