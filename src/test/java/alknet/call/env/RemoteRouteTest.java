package alknet.call.env;

import alknet.api.Identity;
import alknet.call.Await;
import alknet.call.CallConnection;
import alknet.call.LoopbackCallServer;
import alknet.api.CallErrorCode;
import alknet.api.CallFailure;
import alknet.call.metrics.CallMetrics;
import alknet.api.CallOptions;
import alknet.call.operation.CallRouterOptions;
import alknet.api.OperationContext;
import alknet.api.OperationSpec;
import alknet.api.OperationType;
import alknet.call.registry.OperationDispatcher;
import alknet.call.registry.OperationRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** 30-call-protocol.md section 4, path 3: nested calls to another node over a control connection. */
class RemoteRouteTest {
    private static final Identity HEAD = new Identity("SHA256:head", List.of("node"), Map.of());
    private static final Identity WORKER = new Identity("SHA256:worker", List.of("node"), Map.of());
    private static final Identity USER = new Identity("SHA256:user", List.of(), Map.of());

    private final Vertx vertx = Vertx.vertx();
    private final CallRouterOptions options = new CallRouterOptions();
    private final OperationRegistry workerOps = new OperationRegistry();
    private final OperationRegistry headOps = new OperationRegistry();
    private final AtomicReference<OperationContext> workerSaw = new AtomicReference<>();
    private final List<CallFailure> workerAborts = new CopyOnWriteArrayList<>();
    private OperationDispatcher head;
    private LoopbackCallServer server;
    private CallConnection toWorker;

    @BeforeEach
    void setUp() {
        workerOps.register(OperationSpec.builder("/jobs/run", OperationType.QUERY).build(), (ctx, in) -> {
            workerSaw.set(ctx);
            ctx.aborted().onSuccess(workerAborts::add);
            return "hang".equals(in) ? Promise.promise().future() : Future.succeededFuture("ran " + in);
        });
        head = new OperationDispatcher(vertx, headOps, options, CallMetrics.NONE);
        // The worker dials the head; the head side sees the worker as WORKER and reaches it through that connection.
        server = LoopbackCallServer.start(vertx, WORKER, head, options);
        server.connect(HEAD, new OperationDispatcher(vertx, workerOps, options, CallMetrics.NONE));
        toWorker = server.lastAccepted();
        head.routes().route("jobs", new RemoteRoute(() -> toWorker, ""));
        headOps.register(OperationSpec.builder("/head/relay", OperationType.QUERY).build(), (ctx, in) ->
                ctx.env().invoke("jobs", "run", in).map(out -> out + " for " + ctx.requestId()));
    }

    @AfterEach
    void tearDown() {
        server.close();
        Await.result(vertx.close());
    }

    @Test
    void nestedRemoteCallCarriesTheParentIdAndRunsAsTheConnectionsIdentity() {
        String out = (String) Await.result(head.routes().rootEnv(USER).invoke("head", "relay", 3));
        String parentId = out.substring(out.indexOf(" for ") + 5);
        assertThat(out).startsWith("ran 3");
        assertThat(workerSaw.get().parentRequestId()).isEqualTo(parentId);
        assertThat(workerSaw.get().identity()).isEqualTo(HEAD);
    }

    @Test
    void abortingTheParentAbortsTheRemoteChild() {
        Future<Object> parent = head.routes().rootEnv(USER).invoke("head", "relay", "hang",
                CallOptions.DEFAULT.timeout(Duration.ofMillis(300)));
        assertThat(Await.failure(parent).is(CallErrorCode.TIMEOUT)).isTrue();
        Await.until(() -> workerAborts.size() == 1, "the worker's handler saw the abort");
        Await.until(() -> toWorker.pendingCount() == 0, "the head forgot the nested call");
    }

    @Test
    void missingConnectionIsUnavailable() {
        head.routes().route("jobs", new RemoteRoute(() -> null, ""));
        CallFailure failure = Await.failure(head.routes().rootEnv(USER).invoke("head", "relay", 1));
        assertThat(failure.is(CallErrorCode.UNAVAILABLE)).isTrue();
        assertThat(Await.failure(head.routes().rootEnv(USER).subscribe("jobs", "x", null).done())
                .is(CallErrorCode.UNAVAILABLE)).isTrue();
    }
}
