package alknet.cluster;

import alknet.api.AlknetWorker;
import alknet.api.CallErrorCode;
import alknet.api.CallFailure;
import alknet.api.OperationSpec;
import alknet.api.OperationType;
import alknet.testsupport.FreePorts;
import alknet.testsupport.LogCollector;
import alknet.testsupport.ScriptedHead;
import alknet.testsupport.ScriptedHead.Received;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static alknet.cluster.WorkerFixture.WAIT;
import static alknet.cluster.WorkerFixture.operationNames;
import static alknet.cluster.WorkerFixture.secondsBetween;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A worker registers its operations with its head (40-cluster-ops.md section 2) after every (re)connect and after
 * every change, against a head that answers per the contract: refusals are retried with the backoff, a
 * VALIDATION_ERROR stops the worker, and a worker with several heads registers with whichever it reached.
 */
@Timeout(120)
class WorkerRegistrationTest {
    private static final Duration BEAT = Duration.ofSeconds(10);
    private static final List<String> BUILT_INS = List.of("/node/info", "/node/ping", "/services/list", "/services/schema");

    @BeforeAll
    static void collectLogs() {
        LogCollector.installInProcess();
    }

    @Test
    void registersItsOperationsAfterConnectingAndAgainAfterEveryReconnect() throws Exception {
        try (ScriptedHead head = ScriptedHead.start(); WorkerFixture workers = new WorkerFixture()) {
            int mark = LogCollector.mark();
            AlknetWorker worker = workers.start(head.clientOptions(), "w1", BEAT);
            ScriptedHead.await(worker.firstRegistration());

            Received first = head.registrations().get(0);
            assertThat(first.input().getString("node")).isEqualTo("w1");
            assertThat(first.input().getInteger("heartbeatSeconds")).isEqualTo(10);
            assertThat(operationNames(first)).containsExactlyInAnyOrderElementsOf(BUILT_INS);
            first.input().getJsonArray("operations").forEach(spec -> OperationSpec.fromJson((JsonObject) spec));
            assertThat(first.identity()).startsWith("SHA256:");
            assertThat(worker.registered()).isTrue();
            assertThat(LogCollector.linesSince(mark))
                    .anyMatch(l -> l.contains("worker registered name=w1 head=127.0.0.1:" + head.port() + " operations=4"));
            JsonObject pong = (JsonObject) ScriptedHead.await(head.server().peers().get(0).call("/node/ping", new JsonObject()));
            assertThat(pong.getBoolean("pong")).as("the head calls the worker over the session").isTrue();

            head.stop();
            ScriptedHead.awaitTrue(() -> !worker.registered(), WAIT, "not registered while the head is gone");
            head.startAgain();
            List<Received> all = head.awaitRegistrations(2, WAIT);
            assertThat(operationNames(all.get(1))).containsExactlyInAnyOrderElementsOf(BUILT_INS);
            ScriptedHead.awaitTrue(worker::registered, WAIT, "registered again");
            Thread.sleep(300);
            assertThat(head.registrations()).as("one registration per session").hasSize(2);
        }
    }

    @Test
    void operationsAddedAfterRegistrationAreRegisteredAgainInOneGo() throws Exception {
        try (ScriptedHead head = ScriptedHead.start(); WorkerFixture workers = new WorkerFixture()) {
            AlknetWorker worker = workers.start(head.clientOptions(), "w2", BEAT);
            ScriptedHead.await(worker.firstRegistration());

            for (String name : List.of("/app/one", "/app/two", "/app/three")) {
                worker.registry().register(OperationSpec.builder(name, OperationType.QUERY).build(),
                        (ctx, input) -> Future.succeededFuture(name));
            }
            List<Received> all = head.awaitRegistrations(2, WAIT);
            assertThat(operationNames(all.get(1))).containsAll(BUILT_INS).contains("/app/one", "/app/two", "/app/three")
                    .hasSize(7);
            Thread.sleep(500);
            assertThat(head.registrations()).as("a burst of registrations goes to the head once").hasSize(2);
            assertThat(ScriptedHead.await(head.server().peers().get(0).call("/app/two", null))).isEqualTo("/app/two");

            worker.registry().unregister("/app/one");
            assertThat(operationNames(head.awaitRegistrations(3, WAIT).get(2))).doesNotContain("/app/one").hasSize(6);
        }
    }

    @Test
    void accessDeniedIsRetriedWithTheBackoffOnNewSessionsUntilTheHeadAllowsIt() throws Exception {
        try (ScriptedHead head = ScriptedHead.start(); WorkerFixture workers = new WorkerFixture()) {
            AtomicInteger asked = new AtomicInteger();
            head.answerRegistrations(input -> asked.incrementAndGet() <= 3
                    ? ScriptedHead.refuse(CallErrorCode.ACCESS_DENIED, "node alias w3 is not in this identity's resources.node")
                    : ScriptedHead.accept(input));
            int mark = LogCollector.mark();
            AlknetWorker worker = workers.start(head.clientOptions(), "w3", BEAT);
            ScriptedHead.await(worker.firstRegistration().timeout(30, java.util.concurrent.TimeUnit.SECONDS));

            List<Received> all = head.registrations();
            assertThat(all).hasSize(4);
            double first = secondsBetween(all.get(0), all.get(1));
            double second = secondsBetween(all.get(1), all.get(2));
            double third = secondsBetween(all.get(2), all.get(3));
            assertThat(first).as("first retry after about 1 s").isBetween(0.7, 4.0);
            assertThat(second).as("then about 2 s").isGreaterThan(first).isGreaterThan(1.5);
            assertThat(third).as("then about 4 s").isGreaterThan(second).isGreaterThan(3.0);
            assertThat(all).extracting(Received::connection).as("each retry on a new session: rights are read at login")
                    .doesNotHaveDuplicates();
            assertThat(LogCollector.linesSince(mark).stream()
                    .filter(l -> l.contains("worker registration refused code=ACCESS_DENIED reason=\"node alias w3")))
                    .hasSize(3);
            assertThat(worker.registered()).isTrue();
        }
    }

    @Test
    void unavailableIsRetried() throws Exception {
        try (ScriptedHead head = ScriptedHead.start(); WorkerFixture workers = new WorkerFixture()) {
            AtomicInteger asked = new AtomicInteger();
            head.answerRegistrations(input -> asked.incrementAndGet() == 1
                    ? ScriptedHead.refuse(CallErrorCode.UNAVAILABLE, "cluster not joined yet")
                    : ScriptedHead.accept(input));
            AlknetWorker worker = workers.start(head.clientOptions(), "w4", BEAT);
            ScriptedHead.await(worker.firstRegistration());
            assertThat(head.registrations()).hasSize(2);
            assertThat(head.registrations().get(1).connection()).as("retried on the same session")
                    .isSameAs(head.registrations().get(0).connection());
        }
    }

    @Test
    void aValidationErrorStopsTheWorkerForGood() throws Exception {
        try (ScriptedHead head = ScriptedHead.start(); WorkerFixture workers = new WorkerFixture()) {
            head.answerRegistrations(input -> ScriptedHead.refuse(CallErrorCode.VALIDATION_ERROR, "operation spec 3 has no type"));
            AlknetWorker worker = workers.start(head.clientOptions(), "w5", BEAT);

            assertThatThrownBy(() -> ScriptedHead.await(worker.fatal())).rootCause()
                    .isInstanceOfSatisfying(CallFailure.class, f -> assertThat(f.knownCode()).isEqualTo(CallErrorCode.VALIDATION_ERROR))
                    .hasMessageContaining("operation spec 3 has no type");
            assertThatThrownBy(() -> ScriptedHead.await(worker.firstRegistration())).rootCause().isInstanceOf(CallFailure.class);
            Thread.sleep(1500);
            assertThat(head.registrations()).as("no retry after a validation error").hasSize(1);
            assertThat(worker.session().connected()).as("the session stays; its owner decides").isTrue();
        }
    }

    @Test
    void aWorkerWithoutANameDoesNotStart() throws Exception {
        try (ScriptedHead head = ScriptedHead.start(); WorkerFixture workers = new WorkerFixture()) {
            assertThatThrownBy(() -> ScriptedHead.await(alknet.api.Alknet.worker(workers.vertx(),
                    new alknet.api.WorkerOptions().connect(head.clientOptions())))).rootCause()
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("a worker needs a name");
            assertThat(head.server().peers()).isEmpty();
        }
    }

    @Test
    void anUnreachableFirstHeadIsSkipped() throws Exception {
        int closed = FreePorts.pick();
        try (ScriptedHead head = ScriptedHead.start(); WorkerFixture workers = new WorkerFixture()) {
            int mark = LogCollector.mark();
            AlknetWorker worker = workers.start(head.clientOptions().server("127.0.0.1", closed)
                    .addFallbackServer("127.0.0.1", head.port()), "w6", BEAT);
            ScriptedHead.await(worker.firstRegistration());
            assertThat(LogCollector.linesSince(mark))
                    .anyMatch(l -> l.contains("worker registered name=w6 head=127.0.0.1:" + head.port()));
        }
    }

    @Test
    void whenItsHeadDiesTheWorkerRegistersWithTheNext() throws Exception {
        try (ScriptedHead a = ScriptedHead.start(); ScriptedHead b = ScriptedHead.startBeside(a, true);
             WorkerFixture workers = new WorkerFixture()) {
            AlknetWorker worker = workers.start(a.clientOptions().addFallbackServer("127.0.0.1", b.port()), "w7", BEAT);
            ScriptedHead.await(worker.firstRegistration());
            assertThat(a.registrations()).hasSize(1);
            assertThat(b.registrations()).isEmpty();

            a.stop();
            long stopped = System.nanoTime();
            b.awaitRegistrations(1, WAIT);
            assertThat(Duration.ofNanos(System.nanoTime() - stopped)).as("within the first backoff step and a connect")
                    .isLessThan(Duration.ofSeconds(10));
            ScriptedHead.awaitTrue(worker::registered, WAIT, "registered with the second head");
        }
    }
}
