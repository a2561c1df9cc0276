package alknet.cluster;

import alknet.api.AlknetSession;
import alknet.api.CallFailure;
import alknet.api.CallOptions;
import alknet.api.OperationSpec;
import alknet.api.OperationType;
import alknet.cluster.HeadProcesses.Head;
import alknet.testsupport.AlknetProcess;
import alknet.testsupport.PrometheusText;
import alknet.testsupport.ScriptedHead;
import alknet.testsupport.SshKeyPair;
import alknet.testsupport.TempDirs;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three head processes on loopback and 200 workers (three {@code alknet worker} processes, the rest in this JVM)
 * registered across them (40-cluster-ops.md sections 2-4; issue 12, acceptances 1, 3, 4 and 5): every worker answers
 * through every head and the heads' cluster metrics agree; events published on one head reach subscribers on every
 * head in order; another identity cannot take a live alias, the same identity can, and a worker whose heartbeats stop
 * or whose session closes goes; bad registrations get clear errors while the cluster keeps serving. No test here
 * stops a head (HeadFailoverIT does), and each cleans up what it registered, so they run in any order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(240)
class HeadClusterIT {
    static final int WORKERS = 200;
    static final int PROCESSES = 3;

    private static final Duration START = HeadProcesses.START;

    private Path dir;
    private HeadProcesses cluster;
    private WorkerFleet fleet;
    private final List<String> inJvm = new ArrayList<>();
    private final Map<String, String> processHostNames = new LinkedHashMap<>();
    private final List<AlknetSession> callers = new ArrayList<>();

    @BeforeAll
    void startClusterAndWorkers() throws Exception {
        dir = Files.createTempDirectory("alknet-head-cluster-");
        long started = System.nanoTime();
        cluster = HeadProcesses.start(dir, 3);
        System.out.printf("cluster of 3 heads ready after %.1fs%n", (System.nanoTime() - started) / 1e9);
        fleet = new WorkerFleet();
        for (int i = 0; i < PROCESSES; i++) {
            String name = "proc-" + cluster.head(i).name();
            processHostNames.put(name, "host-" + name);
            cluster.startWorker(name, cluster.worker, cluster.startingAt(i), 10, "host-" + name);
        }
        List<Future<?>> starting = new ArrayList<>();
        for (int i = 0; i < WORKERS - PROCESSES; i++) {
            String name = String.format("w-%03d", i);
            inJvm.add(name);
            starting.add(fleet.start(cluster.connectOptions(cluster.worker, cluster.startingAt(i % 3)), name,
                    Duration.ofSeconds(10)));
        }
        WorkerFleet.await(Future.all(starting));
        for (Head head : cluster.heads()) {
            callers.add(fleet.caller(cluster.connectOptions(cluster.caller, List.of(head))));
        }
        awaitAllListed();
        System.out.printf("200 workers registered after %.1fs%n", (System.nanoTime() - started) / 1e9);
    }

    /** Every head lists every worker's operations (the in-JVM ones with their echo operations). */
    private void awaitAllListed() throws Exception {
        Set<String> expected = new HashSet<>();
        inJvm.forEach(n -> expected.add("/" + n + WorkerFleet.WHOAMI));
        processHostNames.keySet().forEach(n -> expected.add("/" + n + "/node/info"));
        long deadline = System.nanoTime() + WorkerFleet.WAIT.toNanos();
        for (AlknetSession caller : callers) {
            while (true) {
                Set<String> missing = new HashSet<>(expected);
                missing.removeAll(listed(caller));
                if (missing.isEmpty()) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(missing.size() + " worker operations not listed, e.g. "
                            + missing.stream().sorted().limit(5).toList());
                }
                Thread.sleep(200);
            }
        }
    }

    private static Set<String> listed(AlknetSession caller) throws Exception {
        JsonArray operations = ((JsonObject) WorkerFleet.await(caller.call("/services/list", new JsonObject())))
                .getJsonArray("operations");
        Set<String> names = new HashSet<>();
        operations.forEach(o -> names.add(((JsonObject) o).getString("name")));
        return names;
    }

    @AfterAll
    void stop() throws Exception {
        try {
            if (fleet != null) {
                fleet.close();
            }
        } finally {
            if (cluster != null) {
                cluster.close();
            }
            TempDirs.deleteQuietly(dir);
        }
    }

    @Test
    void everyWorkerAnswersThroughEveryHeadAndTheMetricsAgree() throws Exception {
        Map<Head, Double> hopsBefore = new HashMap<>();
        for (Head head : cluster.heads()) {
            hopsBefore.put(head, head.metric("alknet_cluster_hop_call_duration_seconds_count"));
        }
        Semaphore inFlight = new Semaphore(48);
        List<Future<?>> checks = new ArrayList<>();
        List<String> wrong = Collections.synchronizedList(new ArrayList<>());
        int n = 0;
        for (int h = 0; h < callers.size(); h++) {
            AlknetSession caller = callers.get(h);
            String via = cluster.head(h).name();
            for (String name : inJvm) {
                int expectedN = n++;
                inFlight.acquire();
                checks.add(caller.call("/" + name + WorkerFleet.WHOAMI, new JsonObject().put("n", expectedN),
                                CallOptions.DEFAULT.timeout(Duration.ofSeconds(20)))
                        .onComplete(ar -> inFlight.release())
                        .onSuccess(out -> {
                            JsonObject answer = (JsonObject) out;
                            if (!name.equals(answer.getString("name")) || answer.getInteger("n") != expectedN) {
                                wrong.add(name + " via " + via + " answered " + answer);
                            }
                        })
                        .onFailure(e -> wrong.add(name + " via " + via + " failed: " + e)));
            }
            for (Map.Entry<String, String> process : processHostNames.entrySet()) {
                inFlight.acquire();
                checks.add(caller.call("/" + process.getKey() + "/node/info", new JsonObject())
                        .onComplete(ar -> inFlight.release())
                        .onSuccess(out -> {
                            if (!process.getValue().equals(((JsonObject) out).getString("hostName"))) {
                                wrong.add(process.getKey() + " via " + via + " answered " + out);
                            }
                        })
                        .onFailure(e -> wrong.add(process.getKey() + " via " + via + " failed: " + e)));
            }
        }
        WorkerFleet.await(Future.join(checks).otherwiseEmpty());
        assertThat(wrong).as("calls to every worker through every head").isEmpty();
        assertThat(checks).hasSize(WORKERS * 3);

        double held = 0;
        for (Head head : cluster.heads()) {
            PrometheusText metrics = PrometheusText.parse(head.ops().get("/metrics").body());
            double workers = metrics.value("alknet_workers_registered");
            assertThat(workers).as("workers held by " + head).isGreaterThan(0);
            held += workers;
            assertThat(metrics.value("alknet_cluster_members")).as("members seen by " + head).isEqualTo(3.0);
            // Every call through this head to a worker held elsewhere crossed the cluster once.
            assertThat(metrics.value("alknet_cluster_hop_call_duration_seconds_count") - hopsBefore.get(head))
                    .as("hop calls timed on " + head).isGreaterThanOrEqualTo(WORKERS - workers);
            assertThat(metrics.value("alknet_cluster_hop_call_duration_seconds_bucket", "le", "+Inf"))
                    .isEqualTo(metrics.value("alknet_cluster_hop_call_duration_seconds_count"));
        }
        assertThat(held).as("workers held by all heads together").isEqualTo(WORKERS);
    }

    @Test
    void eventsPublishedOnOneHeadReachSubscribersOnEveryHeadInOrder() throws Exception {
        String topic = "it-orders";
        List<List<Object>> seen = new ArrayList<>();
        for (AlknetSession caller : callers) {
            List<Object> received = Collections.synchronizedList(new ArrayList<>());
            seen.add(received);
            WorkerFleet.await(caller.onEvent(topic, e -> received.add(((JsonObject) e.payload()).getValue("n"))));
        }
        AlknetSession publisherOnC = callers.get(2);
        List<Future<Void>> published = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            published.add(publisherOnC.publish(topic, "created", new JsonObject().put("n", i)));
        }
        WorkerFleet.await(Future.all(published));
        List<Object> expected = IntStream.range(0, 300).boxed().map(i -> (Object) i).toList();
        for (int h = 0; h < seen.size(); h++) {
            List<Object> received = seen.get(h);
            ScriptedHead.awaitTrue(() -> received.size() >= expected.size(), Duration.ofSeconds(20),
                    "300 events at the subscriber on " + cluster.head(h));
            assertThat(List.copyOf(received)).as("events at the subscriber on " + cluster.head(h) + ", in order")
                    .isEqualTo(expected);
        }
    }

    @Test
    void anotherIdentityCannotTakeANameTheSameIdentityCanAndSilentOrClosedWorkersGo() throws Exception {
        String name = "held-1";
        String info = "/" + name + "/node/info";
        AlknetSession viaA = callers.get(0);
        AlknetSession viaB = callers.get(1);
        AlknetSession viaC = callers.get(2);
        AlknetProcess holder = cluster.startWorker(name, cluster.worker, cluster.startingAt(0), 1, "host-holder-1");
        holder.awaitStderrLine("worker registered name=" + name, START);

        // Another identity whose resources.node allows the name, on another head: refused, the holder keeps it.
        AlknetProcess thief = cluster.startWorker(name, cluster.thief, cluster.startingAt(1), 1, "host-thief");
        assertThat(thief.awaitStderrLine("worker registration refused", START))
                .contains("code=ACCESS_DENIED").contains("held by a live session of another identity");
        assertThat(hostName(viaC, info)).isEqualTo("host-holder-1");
        assertThat(thief.isAlive()).as("a refused worker keeps asking").isTrue();
        thief.close(); // it would get the name once the holder is gone

        // The same identity from a third head takes the name over; the old process stops (exit 1).
        AlknetProcess successor = cluster.startWorker(name, cluster.worker, cluster.startingAt(2), 1, "host-holder-2");
        successor.awaitStderrLine("worker registered name=" + name, START);
        assertThat(holder.exitCode(START)).as("the replaced worker exits 1").isEqualTo(1);
        assertThat(holder.stderrLines()).anyMatch(l -> l.contains("worker superseded"));
        awaitTrue(() -> "host-holder-2".equals(hostNameOrNull(viaA, info)), Duration.ofSeconds(10),
                name + " answered by the successor through head a");

        // Heartbeats stop while the session stays open: gone after three missed beats of 1 s.
        long stopped = System.nanoTime();
        successor.signal("STOP");
        awaitTrue(() -> !listed(viaA, info), Duration.ofSeconds(15), name + " gone after its heartbeats stopped");
        double silentFor = secondsSince(stopped);
        System.out.printf("a worker whose heartbeats stopped was gone after %.2fs (heartbeat 1 s)%n", silentFor);
        assertThat(silentFor).as("seconds from SIGSTOP until gone").isBetween(1.8, 4.0);
        CallFailure departed = failure(viaB.call(info, new JsonObject()));
        assertThat(departed.code()).isEqualTo("UNAVAILABLE");
        assertThat(departed.retryable()).isTrue();
        successor.signal("CONT");
        successor.awaitStderrLine("worker heartbeat lost; registering again", START);
        awaitTrue(() -> "host-holder-2".equals(hostNameOrNull(viaB, info)), Duration.ofSeconds(15),
                name + " registered again after it resumed");

        // The session closes (the process dies): gone at once.
        long killed = System.nanoTime();
        successor.signal("KILL");
        awaitTrue(() -> !listed(viaA, info), Duration.ofSeconds(10), name + " gone after its session closed");
        double closedFor = secondsSince(killed);
        System.out.printf("a worker whose session closed was gone after %.2fs%n", closedFor);
        assertThat(closedFor).as("seconds from SIGKILL until gone").isLessThan(1.5);
    }

    @Test
    @Tag("slow")
    void aWorkerSilentAtTheDefaultHeartbeatIsGoneWithinThirtySeconds() throws Exception {
        String info = "/quiet-1/node/info";
        AlknetProcess quiet = cluster.startWorker("quiet-1", cluster.worker, cluster.startingAt(1), 10, "host-quiet");
        try {
            quiet.awaitStderrLine("worker registered name=quiet-1", START);
            awaitTrue(() -> listed(callers.get(0), info), Duration.ofSeconds(10), "quiet-1 listed on head a");
            long stopped = System.nanoTime();
            quiet.signal("STOP");
            awaitTrue(() -> !listed(callers.get(0), info), Duration.ofSeconds(40), "quiet-1 gone");
            double silentFor = secondsSince(stopped);
            System.out.printf("a worker whose heartbeats stopped was gone after %.2fs (heartbeat 10 s)%n", silentFor);
            // Stopped somewhere between two beats: gone three intervals after the last one, plus the map's round trip.
            assertThat(silentFor).isBetween(19.5, 31.0);
        } finally {
            quiet.close();
        }
    }

    @Test
    void badRegistrationsGetClearErrorsAndTheClusterKeepsServing() throws Exception {
        AlknetSession unscoped = session(cluster.unscoped, 0);
        AlknetSession limited = session(cluster.limited, 1);
        AlknetSession worker = session(cluster.worker, 2);
        try {
            assertRefused(unscoped, registration("bad-1"), "ACCESS_DENIED", "node:register");
            assertRefused(limited, registration("someone-else"), "ACCESS_DENIED",
                    "may not register alias someone-else", "resources.node");
            WorkerFleet.await(limited.call(HeadOperations.REGISTER, registration("limited-1")));
            assertThat(hello(callers.get(0), "limited-1")).as("the same key registers the name it was given").isTrue();

            JsonObject spec = new JsonObject().put("name", "/probe/hello").put("type", "query");
            assertRefused(worker, registration("bad-2").put("operations", new JsonArray().add(
                    new JsonObject().put("name", "nope").put("type", "query"))), "VALIDATION_ERROR", "#0");
            assertRefused(worker, registration("bad-2").put("operations", new JsonArray().add(
                    spec.copy().put("type", "sideways"))), "VALIDATION_ERROR", "#0", "sideways");
            assertRefused(worker, registration("bad-2").put("operations", new JsonArray().add(
                    spec.copy().put("inputSchema", new JsonObject().put("$ref", "#/$defs/missing")))),
                    "VALIDATION_ERROR", "#0");
            assertRefused(worker, registration("bad-2").put("operations", new JsonArray().add(spec).add(spec)),
                    "VALIDATION_ERROR", "listed twice");
            assertRefused(worker, registration("bad-2").put("operations", new JsonArray().add(42)),
                    "VALIDATION_ERROR", "operations");
            assertRefused(worker, registration("bad-2").put("operations", "all of them"), "VALIDATION_ERROR",
                    "operations");
            JsonArray tooMany = new JsonArray();
            for (int i = 0; i <= HeadOperations.MAX_OPERATIONS; i++) {
                tooMany.add(new JsonObject().put("name", "/probe/op" + i).put("type", "query"));
            }
            assertRefused(worker, registration("bad-2").put("operations", tooMany), "VALIDATION_ERROR", "operations");
            assertRefused(worker, registration("has space"), "VALIDATION_ERROR", "node");
            assertRefused(worker, registration("head"), "VALIDATION_ERROR", "reserved");
            assertRefused(worker, registration("bad-2").put("heartbeatSeconds", 0), "VALIDATION_ERROR",
                    "heartbeatSeconds");
            assertRefused(worker, new JsonObject().put("operations", new JsonArray()), "VALIDATION_ERROR", "node");

            // A flood from one session: five pass, every other one is told to come back later.
            List<Future<Object>> flood = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                flood.add(worker.call(HeadOperations.REGISTER, registration("flood-1")));
            }
            WorkerFleet.await(Future.join(flood).otherwiseEmpty());
            assertThat(flood.stream().filter(Future::succeeded).count()).as("registrations admitted").isEqualTo(5);
            for (Future<Object> refused : flood.stream().filter(Future::failed).toList()) {
                CallFailure f = CallFailure.from(refused.cause());
                assertThat(f.code()).isEqualTo("UNAVAILABLE");
                assertThat(f.retryable()).isTrue();
                assertThat(f.getMessage()).contains("too many registrations from this session").contains("retry in");
            }
            assertThat(hello(callers.get(0), "flood-1")).as("the flooding session's registration stands").isTrue();

            for (Head head : cluster.heads()) {
                head.ops().awaitStatus("/readyz", 200, Duration.ofSeconds(5));
            }
            assertSampleAnswers();
        } finally {
            WorkerFleet.await(Future.join(unscoped.close(), limited.close(), worker.close()));
        }
    }

    /** Every tenth worker answers through every head. */
    private void assertSampleAnswers() throws Exception {
        for (AlknetSession caller : callers) {
            for (int i = 0; i < inJvm.size(); i += 10) {
                JsonObject answer = (JsonObject) WorkerFleet.await(caller.call("/" + inJvm.get(i) + WorkerFleet.WHOAMI,
                        new JsonObject().put("n", i)));
                assertThat(answer.getString("name")).isEqualTo(inJvm.get(i));
            }
        }
    }

    /** A session of {@code key} to one head, serving {@code /probe/hello} so that it has a control channel. */
    private AlknetSession session(SshKeyPair key, int head) throws Exception {
        AlknetSession session = fleet.caller(cluster.connectOptions(key, List.of(cluster.head(head))));
        session.registry().register(OperationSpec.builder("/probe/hello", OperationType.QUERY)
                .build(), (ctx, input) -> Future.succeededFuture(new JsonObject().put("hello", true)));
        return session;
    }

    private static JsonObject registration(String alias) {
        return new JsonObject().put("node", alias).put("operations", new JsonArray().add(
                new JsonObject().put("name", "/probe/hello").put("type", "query")));
    }

    private static boolean hello(AlknetSession caller, String alias) throws Exception {
        Object answer = WorkerFleet.await(caller.call("/" + alias + "/probe/hello", new JsonObject()));
        return ((JsonObject) answer).getBoolean("hello");
    }

    private static void assertRefused(AlknetSession session, JsonObject input, String code, String... mentions)
            throws Exception {
        CallFailure f = failure(session.call(HeadOperations.REGISTER, input));
        System.out.println("registration refused: " + f.code() + ": " + f.getMessage());
        assertThat(f.code()).as("refusal of " + input.encode().substring(0, Math.min(120, input.encode().length())))
                .isEqualTo(code);
        assertThat(f.getMessage()).contains(mentions);
    }

    private static CallFailure failure(Future<?> call) throws Exception {
        try {
            Object result = WorkerFleet.await(call);
            throw new AssertionError("expected a failure, got " + result);
        } catch (ExecutionException e) {
            return CallFailure.from(e.getCause());
        }
    }

    private static String hostName(AlknetSession caller, String info) throws Exception {
        return ((JsonObject) WorkerFleet.await(caller.call(info, new JsonObject()))).getString("hostName");
    }

    private static String hostNameOrNull(AlknetSession caller, String info) {
        try {
            return hostName(caller, info);
        } catch (Exception e) {
            return null;
        }
    }

    /** Whether a head lists the operation (its directory view), without calling the worker. */
    private static boolean listed(AlknetSession caller, String operation) {
        try {
            WorkerFleet.await(caller.call("/services/schema", new JsonObject().put("name", operation)));
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private static void awaitTrue(BooleanSupplier condition, Duration timeout, String what)
            throws InterruptedException {
        ScriptedHead.awaitTrue(condition, timeout, what);
    }

    private static double secondsSince(long nanos) {
        return (System.nanoTime() - nanos) / 1e9;
    }
}
