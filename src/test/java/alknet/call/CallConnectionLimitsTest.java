package alknet.call;

import alknet.api.CallErrorCode;
import alknet.api.CallFailure;
import alknet.call.metrics.CallMetrics;
import alknet.call.operation.CallRouterOptions;
import alknet.api.OperationSpec;
import alknet.api.OperationType;
import alknet.call.registry.OperationDispatcher;
import alknet.call.registry.OperationRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static alknet.call.CallConnectionTest.CLIENT;
import static alknet.call.CallConnectionTest.SERVER;
import static alknet.call.CallConnectionTest.query;
import static org.assertj.core.api.Assertions.assertThat;

/** Frame size and concurrency limits: each refusal is a clear error and the connection keeps serving. */
class CallConnectionLimitsTest {
    private final Vertx vertx = Vertx.vertx();
    private final OperationRegistry serverOps = new OperationRegistry();
    private LoopbackCallServer server;

    @AfterEach
    void tearDown() {
        if (server != null) {
            server.close();
        }
        Await.result(vertx.close());
    }

    private CallConnection connect(CallRouterOptions options) {
        server = LoopbackCallServer.start(vertx, CLIENT,
                new OperationDispatcher(vertx, serverOps, options, CallMetrics.NONE), options);
        return server.connect(SERVER, new OperationDispatcher(vertx, new OperationRegistry(), options, CallMetrics.NONE));
    }

    @Test
    void outputLargerThanAFrameBecomesAnExecutionError() {
        serverOps.register(query("/srv/big"), (ctx, in) -> Future.succeededFuture("x".repeat(5000)));
        serverOps.register(query("/srv/small"), (ctx, in) -> Future.succeededFuture("ok"));
        CallConnection client = connect(new CallRouterOptions().setMaxFrame(4096));
        CallFailure failure = Await.failure(client.call("/srv/big", null));
        assertThat(failure.is(CallErrorCode.EXECUTION_ERROR)).isTrue();
        assertThat(failure.getMessage()).contains("maximum frame");
        assertThat(Await.result(client.call("/srv/small", null))).isEqualTo("ok");
    }

    @Test
    void subscriptionEventLargerThanAFrameEndsItWithAnError() {
        serverOps.register(OperationSpec.builder("/srv/events", OperationType.SUBSCRIPTION).build(), (ctx, in, sink) -> {
            sink.next("small");
            sink.next("x".repeat(5000));
            sink.next("never sent");
        });
        CallConnection client = connect(new CallRouterOptions().setMaxFrame(4096));
        var sub = client.subscribe("/srv/events", null);
        java.util.List<Object> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        sub.handler(seen::add);
        assertThat(Await.failure(sub.done()).getMessage()).contains("maximum frame");
        assertThat(seen).containsExactly("small");
        Await.until(() -> server.lastAccepted().runningCount() == 0, "the callee ended the subscription");
    }

    @Test
    void inputLargerThanAFrameFailsBeforeSending() {
        serverOps.register(query("/srv/small"), (ctx, in) -> Future.succeededFuture("ok"));
        CallConnection client = connect(new CallRouterOptions().setMaxFrame(4096));
        CallFailure failure = Await.failure(client.call("/srv/small", "y".repeat(5000)));
        assertThat(failure.is(CallErrorCode.VALIDATION_ERROR)).isTrue();
        assertThat(failure.getMessage()).contains("too large");
        assertThat(client.pendingCount()).isZero();
        assertThat(Await.result(client.call("/srv/small", null))).isEqualTo("ok");
    }

    @Test
    void callsBeyondThePerConnectionLimitAreRefusedAsRetryable() {
        Promise<Object> release = Promise.promise();
        serverOps.register(query("/srv/wait"), (ctx, in) -> release.future());
        CallConnection client = connect(new CallRouterOptions().setMaxIncomingCalls(2));
        Future<Object> first = client.call("/srv/wait", null);
        Future<Object> second = client.call("/srv/wait", null);
        Await.until(() -> server.lastAccepted().runningCount() == 2, "two running");
        CallFailure third = Await.failure(client.call("/srv/wait", null));
        assertThat(third.is(CallErrorCode.UNAVAILABLE)).isTrue();
        assertThat(third.retryable()).isTrue();
        release.complete("done");
        assertThat(Await.result(first)).isEqualTo("done");
        assertThat(Await.result(second)).isEqualTo("done");
    }
}
