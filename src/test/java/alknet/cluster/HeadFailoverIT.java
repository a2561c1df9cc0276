package alknet.cluster;

import alknet.api.AlknetSession;
import alknet.cluster.CallLoad.Outcome;
import alknet.cluster.CallLoad.Target;
import alknet.cluster.HeadProcesses.Head;
import alknet.testsupport.AlknetProcess;
import alknet.testsupport.ScriptedHead;
import alknet.testsupport.TempDirs;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A head leaving a three-head cluster under a steady call load (40-cluster-ops.md sections 2-4; issue 12, acceptance
 * 2 and the SIGTERM line): killed with {@code kill -9}, or stopped with SIGTERM. Its workers reconnect to the others
 * and answer again within 10 s, and every call of the load is accounted for: only calls in flight through the head
 * that left, or addressed to one of its workers before that worker answered again, may fail, and only with a
 * retryable {@code UNAVAILABLE}. Each test takes whichever heads are still up, so the order only decides which head
 * goes first.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(240)
class HeadFailoverIT {
    private static final int IN_JVM_WORKERS = 118;
    private static final Duration CALLABLE_AGAIN = Duration.ofSeconds(10);
    private static final int LOAD_PER_SURVIVOR = 150;

    private Path dir;
    private HeadProcesses cluster;
    private WorkerFleet fleet;
    /** Each worker's head list, in order: it is held by the first head of it that is up. */
    private final Map<String, List<Head>> headLists = new LinkedHashMap<>();
    private final List<Target> targets = new ArrayList<>();
    private final Map<Head, AlknetSession> callers = new HashMap<>();
    private final Set<Head> up = new LinkedHashSet<>();
    private final Map<String, AlknetProcess> processes = new HashMap<>();

    @BeforeAll
    void startClusterAndWorkers() throws Exception {
        dir = Files.createTempDirectory("alknet-head-failover-");
        cluster = HeadProcesses.start(dir, 3);
        up.addAll(cluster.heads());
        fleet = new WorkerFleet();
        // One worker process held by each of b and c: the CLI worker fails over too.
        for (int first : new int[] {1, 2}) {
            String name = "proc-" + cluster.head(first).name();
            headLists.put(name, headList(first, 0));
            targets.add(Target.process(name, "host-" + name));
            processes.put(name, cluster.startWorker(name, cluster.worker, headLists.get(name), 10, "host-" + name));
        }
        List<Future<?>> starting = new ArrayList<>();
        for (int i = 0; i < IN_JVM_WORKERS; i++) {
            String name = String.format("f-%03d", i);
            headLists.put(name, headList(i % 3, (i / 3) % 2));
            targets.add(Target.inJvm(name));
            starting.add(fleet.start(cluster.connectOptions(cluster.worker, headLists.get(name)), name,
                    Duration.ofSeconds(10)));
        }
        WorkerFleet.await(Future.all(starting));
        for (Head head : cluster.heads()) {
            callers.put(head, fleet.caller(cluster.connectOptions(cluster.caller, List.of(head))));
        }
        for (Head head : cluster.heads()) {
            int expected = heldBy(head).size();
            head.ops().awaitMetric("alknet_workers_registered", v -> v == expected, WorkerFleet.WAIT);
        }
        awaitAnswering(headLists.keySet(), cluster.heads().get(0), WorkerFleet.WAIT);
    }

    /** Head {@code first}, then the other two: in order for {@code flip} 0, the other way round for 1. */
    private List<Head> headList(int first, int flip) {
        List<Head> order = new ArrayList<>(cluster.startingAt(first));
        if (flip == 1) {
            Collections.swap(order, 1, 2);
        }
        return order;
    }

    /** The workers {@code head} holds now: those whose first head that is up is {@code head}. */
    private Set<String> heldBy(Head head) {
        Set<String> held = new LinkedHashSet<>();
        headLists.forEach((name, order) -> {
            if (order.stream().filter(up::contains).findFirst().orElseThrow() == head) {
                held.add(name);
            }
        });
        return held;
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
    @Order(1)
    void aKilledHeadCostsOnlyTheCallsInFlightOnItAndItsWorkersAnswerAgainWithinTenSeconds() throws Exception {
        Head victim = cluster.head(2);
        List<Head> survivors = survivorsOf(victim);
        Set<String> moving = heldBy(victim);
        assertThat(victim.metric("alknet_workers_registered")).isEqualTo(moving.size());

        FailoverAccount account;
        try (CallLoad load = startLoad(victim, survivors); ReadinessWatch ready = new ReadinessWatch(survivors)) {
            Thread.sleep(2_000);
            load.stopLane(victim.name());
            Departure departure = departure(victim, survivors, moving);
            load.focus(moving);
            victim.process().signal("KILL");
            up.remove(victim);
            account = awaitRecovery(load, departure);
            assertThat(ready.lapses()).as("the other heads stay ready and take sessions while one dies").isEmpty();
        }
        System.out.println("kill -9: " + account);
        assertAccountedFor(account);
        assertThat(account.failedThroughDeparted()).as("calls in flight through the killed head, failed UNAVAILABLE")
                .isPositive();
        assertThat(account.callableAgainSeconds()).as("seconds until every worker of the killed head answered again")
                .isLessThan(CALLABLE_AGAIN.toSeconds());
        cluster.awaitMembers(survivors, survivors.size(), Duration.ofSeconds(10));
        assertWorkersHeld(survivors);
    }

    @Test
    @Order(2)
    void aTerminatedHeadTurnsUnreadyDrainsLetsItsWorkersMoveLeavesTheClusterAndExitsZero() throws Exception {
        Head victim = cluster.head(1);
        List<Head> survivors = survivorsOf(victim);
        Set<String> moving = heldBy(victim);
        String stays = heldBy(survivors.get(0)).stream().filter(n -> n.startsWith("f-")).findFirst().orElseThrow();

        FailoverAccount account;
        Future<Object> longCall;
        try (CallLoad load = startLoad(victim, survivors); ReadinessWatch ready = new ReadinessWatch(survivors)) {
            Thread.sleep(1_500);
            // A call through the victim that outlasts the start of its shutdown: the drain lets it finish.
            longCall = callers.get(victim).call("/" + stays + WorkerFleet.SLOW,
                    new JsonObject().put("n", -1).put("ms", 2_000));
            Thread.sleep(200);
            load.stopLane(victim.name());
            Departure departure = departure(victim, survivors, moving);
            load.focus(moving);
            victim.process().signal("TERM");
            up.remove(victim);
            victim.ops().awaitStatus("/readyz", 503, Duration.ofSeconds(2));
            System.out.printf("SIGTERM: unready after %.2fs%n", secondsSince(departure.leftAt()));
            awaitRefused(victim, Duration.ofSeconds(3));
            account = awaitRecovery(load, departure);
            assertThat(ready.lapses()).as("the other heads stay ready and take sessions while one stops").isEmpty();
        }
        System.out.println("SIGTERM: " + account);
        JsonObject answer = (JsonObject) WorkerFleet.await(longCall);
        assertThat(answer.getString("name")).as("the call in flight through the stopping head finished").isEqualTo(stays);
        assertThat(victim.process().exitCode(Duration.ofSeconds(30))).as("exit code after SIGTERM").isZero();
        assertThat(victim.process().stderrLines()).anyMatch(l -> l.contains("shutdown complete"));
        assertAccountedFor(account);
        assertThat(account.callableAgainSeconds()).as("seconds until every worker of the stopped head answered again")
                .isLessThan(CALLABLE_AGAIN.toSeconds());
        cluster.awaitMembers(survivors, survivors.size(), Duration.ofSeconds(10));
        assertWorkersHeld(survivors);
    }

    private List<Head> survivorsOf(Head victim) {
        assertThat(up).as("heads up").contains(victim).hasSizeGreaterThan(1);
        return up.stream().filter(h -> h != victim).toList();
    }

    /** Calls through every head that is up: steady ones through the survivors, slow ones only through the victim. */
    private CallLoad startLoad(Head victim, List<Head> survivors) {
        CallLoad load = new CallLoad(targets);
        for (Head survivor : survivors) {
            load.lane(survivor.name(), callers.get(survivor), LOAD_PER_SURVIVOR, 40, 0.2);
        }
        load.lane(victim.name(), callers.get(victim), 60, 30, 1.0);
        return load;
    }

    /**
     * A head leaving now: when (System.nanoTime and wall clock, for the worker processes' log lines), and each moving
     * in-JVM worker's session count, so that an answer from its next session is told from one of the old.
     */
    private record Departure(Head victim, List<Head> survivors, Set<String> moving, Map<String, Integer> sessions,
                             long leftAt, long leftAtMillis) {}

    private Departure departure(Head victim, List<Head> survivors, Set<String> moving) {
        Map<String, Integer> sessions = new HashMap<>();
        moving.stream().filter(n -> !processes.containsKey(n)).forEach(n -> sessions.put(n, fleet.sessions(n)));
        return new Departure(victim, survivors, moving, sessions, System.nanoTime(), System.currentTimeMillis());
    }

    /** The account of a load that went on until every moving worker answered again (or twice the allowed time), +2 s. */
    private FailoverAccount awaitRecovery(CallLoad load, Departure departure) throws Exception {
        long deadline = System.nanoTime() + 2 * CALLABLE_AGAIN.toNanos();
        while (!account(load.outcomes(), departure).silent().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        Thread.sleep(2_000);
        load.stopAndAwait(Duration.ofSeconds(30));
        return account(load.outcomes(), departure);
    }

    private FailoverAccount account(List<Outcome> outcomes, Departure departure) {
        Map<String, Long> registeredAgain = new HashMap<>();
        departure.moving().stream().filter(processes::containsKey)
                .forEach(n -> registeredAgainAt(processes.get(n), departure).ifPresent(t -> registeredAgain.put(n, t)));
        Predicate<Outcome> newSession = o -> departure.sessions().containsKey(o.worker())
                ? o.session() > departure.sessions().get(o.worker())
                : o.sentNanos() > registeredAgain.getOrDefault(o.worker(), Long.MAX_VALUE);
        return new FailoverAccount(outcomes, departure.victim().name(),
                departure.survivors().stream().map(Head::name).toList(), departure.moving(), departure.leftAt(),
                newSession);
    }

    /** When a worker process logged its first registration after the departure (its log's clock is this machine's). */
    private static Optional<Long> registeredAgainAt(AlknetProcess worker, Departure departure) {
        for (String line : worker.stderrLines()) {
            if (line.contains("worker registered name=")) {
                long at = Instant.parse(line.substring(0, line.indexOf(' '))).toEpochMilli();
                if (at > departure.leftAtMillis()) {
                    return Optional.of(departure.leftAt() + (at - departure.leftAtMillis()) * 1_000_000);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Every moving worker answered again through every survivor, and every call either succeeded with the right
     * answer or failed as {@link FailoverAccount} allows; some calls went through the head that left.
     */
    private static void assertAccountedFor(FailoverAccount account) {
        assertThat(account.silent()).as("workers of the head that left, not answering again").isEmpty();
        assertThat(account.unexplained()).as("calls that failed otherwise").isEmpty();
        assertThat(account.callsThroughDeparted()).as("calls through the head that left").isPositive();
    }

    /** The survivors hold every worker between them, each the ones its head list gives it. */
    private void assertWorkersHeld(List<Head> survivors) throws Exception {
        for (Head head : survivors) {
            int expected = heldBy(head).size();
            head.ops().awaitMetric("alknet_workers_registered", v -> v == expected, Duration.ofSeconds(10));
        }
    }

    /** Waits until every one of {@code workers} answers through {@code via}. */
    private void awaitAnswering(Set<String> workers, Head via, Duration timeout) throws Exception {
        AlknetSession caller = callers.get(via);
        for (String name : workers) {
            String operation = name.startsWith("proc-") ? "/" + name + "/node/ping" : "/" + name + WorkerFleet.WHOAMI;
            ScriptedHead.awaitTrue(() -> {
                try {
                    WorkerFleet.await(caller.call(operation, new JsonObject().put("n", 0)));
                    return true;
                } catch (Exception e) {
                    return false;
                }
            }, timeout, name + " answering through " + via);
        }
    }

    /** A stopping head takes no new connections: refused, or closed before an SSH identification line. */
    private static void awaitRefused(Head head, Duration timeout) throws Exception {
        ScriptedHead.awaitTrue(() -> {
            try (Socket socket = new Socket("127.0.0.1", head.sshPort())) {
                socket.setSoTimeout(1_000);
                return socket.getInputStream().read() == -1;
            } catch (SocketTimeoutException accepted) {
                return false;
            } catch (IOException refused) {
                return true;
            }
        }, timeout, head + " refusing new connections");
    }

    private static double secondsSince(long nanos) {
        return (System.nanoTime() - nanos) / 1e9;
    }
}
