package alknet.cluster;

import alknet.api.AlknetSession;
import alknet.api.CallFailure;
import alknet.api.CallOptions;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A steady call load through several heads to many workers, every call recorded with when it was sent and how it
 * ended, so a failover test can account for each one (issue 12, acceptance 2). Each lane is one caller session (one
 * head) sending at a fixed rate with a bound on calls in flight; a share of the calls is slow (the worker answers
 * after {@link #SLOW_MS}), so that calls are always in flight.
 */
final class CallLoad implements AutoCloseable {
    static final long SLOW_MS = 300;
    /** How often each lane calls each focused worker: the resolution of "callable again". */
    static final long FOCUS_EVERY_MS = 200;
    private static final long TICK_MS = 10;
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(25);

    /** A worker to call: in-JVM ones answer the echo operations, processes {@code /node/info} with their host name. */
    record Target(String worker, String hostName) {
        static Target inJvm(String worker) {
            return new Target(worker, null);
        }

        static Target process(String worker, String hostName) {
            return new Target(worker, hostName);
        }
    }

    /**
     * One call: through which head, to which worker, sent and ended (System.nanoTime), and how it ended: {@code failure}
     * when it failed, {@code wrong} when it answered something other than what the worker would; {@code session} is
     * the in-JVM worker's session number in the answer (-1 for processes and failures).
     */
    record Outcome(String via, String worker, long sentNanos, long endedNanos, CallFailure failure, String wrong,
                   int session) {
        boolean succeeded() {
            return failure == null && wrong == null;
        }
    }

    private final List<Target> targets;
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "call-load");
        t.setDaemon(true);
        return t;
    });
    private final Queue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
    private final Map<String, Lane> lanes = new ConcurrentHashMap<>();
    private final AtomicInteger sequence = new AtomicInteger();
    private volatile List<Target> focused = List.of();

    CallLoad(List<Target> targets) {
        this.targets = List.copyOf(targets);
        ticker.scheduleAtFixedRate(this::tick, TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
    }

    /**
     * Starts sending through {@code caller} (connected to head {@code via}) at {@code perSecond} calls a second, at most
     * {@code maxInFlight} at once; {@code slowShare} of them slow.
     */
    void lane(String via, AlknetSession caller, int perSecond, int maxInFlight, double slowShare) {
        lanes.put(via, new Lane(via, caller, perSecond, maxInFlight, slowShare));
    }

    /**
     * Besides the steady load, every lane calls each of {@code workers} every {@link #FOCUS_EVERY_MS} (one call at a
     * time each), so the moment they answer again is known within that resolution.
     */
    void focus(Collection<String> workers) {
        focused = targets.stream().filter(t -> workers.contains(t.worker())).toList();
    }

    /** No new calls through {@code via}; those in flight go on. */
    void stopLane(String via) {
        Lane lane = lanes.get(via);
        if (lane != null) {
            lane.stopped = true;
        }
    }

    /** Stops every lane and waits (bounded) for the calls in flight. */
    void stopAndAwait(Duration timeout) throws InterruptedException {
        lanes.values().forEach(l -> l.stopped = true);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (lanes.values().stream().anyMatch(l -> l.inFlight.get() > 0)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("calls still in flight after " + timeout + ": "
                        + lanes.values().stream().mapToInt(l -> l.inFlight.get()).sum());
            }
            Thread.sleep(20);
        }
    }

    List<Outcome> outcomes() {
        return List.copyOf(outcomes);
    }

    private void tick() {
        for (Lane lane : lanes.values()) {
            lane.tick();
        }
    }

    @Override
    public void close() {
        ticker.shutdownNow();
    }

    private final class Lane {
        private final String via;
        private final AlknetSession caller;
        private final double perTick;
        private final int maxInFlight;
        private final double slowShare;
        private final AtomicInteger inFlight = new AtomicInteger();
        private final Map<String, Long> focusedNext = new ConcurrentHashMap<>();
        private double credit;
        private volatile boolean stopped;

        Lane(String via, AlknetSession caller, int perSecond, int maxInFlight, double slowShare) {
            this.via = via;
            this.caller = caller;
            this.perTick = perSecond * TICK_MS / 1000.0;
            this.maxInFlight = maxInFlight;
            this.slowShare = slowShare;
        }

        void tick() {
            if (stopped) {
                return;
            }
            credit = Math.min(credit + perTick, perTick * 10);
            while (credit >= 1 && inFlight.get() < maxInFlight) {
                credit -= 1;
                send(targets.get(ThreadLocalRandom.current().nextInt(targets.size())), slowShare, null);
            }
            long now = System.nanoTime();
            for (Target target : focused) {
                Long next = focusedNext.get(target.worker());
                if (next == null || next != Long.MAX_VALUE && now >= next) {
                    focusedNext.put(target.worker(), Long.MAX_VALUE); // one at a time
                    send(target, 0, () -> focusedNext.put(target.worker(),
                            System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(FOCUS_EVERY_MS)));
                }
            }
        }

        private void send(Target target, double slowShare, Runnable whenDone) {
            int n = sequence.incrementAndGet();
            boolean slow = target.hostName() == null && ThreadLocalRandom.current().nextDouble() < slowShare;
            String operation = "/" + target.worker() + (target.hostName() != null ? "/node/info"
                    : slow ? WorkerFleet.SLOW : WorkerFleet.WHOAMI);
            JsonObject input = new JsonObject().put("n", n);
            if (slow) {
                input.put("ms", SLOW_MS);
            }
            inFlight.incrementAndGet();
            long sent = System.nanoTime();
            Future<Object> call;
            try {
                call = caller.call(operation, input, CallOptions.DEFAULT.timeout(CALL_TIMEOUT));
            } catch (RuntimeException e) {
                call = Future.failedFuture(e);
            }
            call.onComplete(ar -> {
                long ended = System.nanoTime();
                if (ar.failed()) {
                    outcomes.add(new Outcome(via, target.worker(), sent, ended, CallFailure.from(ar.cause()), null, -1));
                } else {
                    int session = ar.result() instanceof JsonObject answer ? answer.getInteger("session", -1) : -1;
                    outcomes.add(new Outcome(via, target.worker(), sent, ended, null, check(target, n, ar.result()),
                            session));
                }
                inFlight.decrementAndGet();
                if (whenDone != null) {
                    whenDone.run();
                }
            });
        }

        private static String check(Target target, int n, Object result) {
            if (!(result instanceof JsonObject answer)) {
                return "answered " + result;
            }
            if (target.hostName() != null) {
                return target.hostName().equals(answer.getString("hostName")) ? null : "answered " + answer;
            }
            Object seen = answer.getValue("n");
            boolean right = target.worker().equals(answer.getString("name")) && seen instanceof Number number
                    && number.intValue() == n;
            return right ? null : "answered " + answer;
        }
    }

    /** Counts of outcomes, for the report line of a test. */
    static String summary(List<Outcome> outcomes) {
        long ok = outcomes.stream().filter(Outcome::succeeded).count();
        Map<String, Long> failures = new TreeMap<>();
        for (Outcome o : outcomes) {
            if (!o.succeeded()) {
                failures.merge(o.failure() != null ? o.failure().code() : "WRONG_ANSWER", 1L, Long::sum);
            }
        }
        return outcomes.size() + " calls, " + ok + " succeeded, failures " + failures;
    }

    static List<Outcome> sample(List<Outcome> outcomes, int max) {
        return new ArrayList<>(outcomes.subList(0, Math.min(max, outcomes.size())));
    }
}
