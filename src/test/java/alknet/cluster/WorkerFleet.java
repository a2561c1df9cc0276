package alknet.cluster;

import alknet.api.Alknet;
import alknet.api.AlknetSession;
import alknet.api.AlknetVertx;
import alknet.api.AlknetWorker;
import alknet.api.ConnectOptions;
import alknet.api.OperationSpec;
import alknet.api.OperationType;
import alknet.api.WorkerOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * In-JVM workers ({@link Alknet#worker}) and callers ({@link Alknet#connect}) for the cluster ITs, on one Vert.x each.
 * Every worker serves {@code /echo/whoami} ({n} -> {name, n, session}) and {@code /echo/slow} (the same after
 * {@code ms}), so a caller can tell which worker answered its very call, and over which of its SSH sessions (counted
 * from the first: a failover's new session answers with a higher number).
 */
final class WorkerFleet implements AutoCloseable {
    static final String WHOAMI = "/echo/whoami";
    static final String SLOW = "/echo/slow";
    static final Duration WAIT = Duration.ofSeconds(60);

    private final Vertx workerVertx = AlknetVertx.create();
    private final Vertx callerVertx = AlknetVertx.create();
    private final Map<String, AlknetWorker> workers = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> sessions = new ConcurrentHashMap<>();
    private final List<AlknetSession> callers = new ArrayList<>();

    /** Starts a worker with the echo operations; does not wait for its registration. */
    Future<AlknetWorker> start(ConnectOptions connect, String name, Duration heartbeat) {
        return Alknet.worker(workerVertx, new WorkerOptions().connect(connect).name(name).heartbeat(heartbeat))
                .onSuccess(w -> {
                    AtomicInteger count = new AtomicInteger();
                    sessions.put(name, count);
                    w.session().onSessionUp(v -> count.incrementAndGet());
                    workers.put(name, w);
                    addEchoOperations(w);
                });
    }

    private void addEchoOperations(AlknetWorker worker) {
        worker.registry().register(OperationSpec.builder(WHOAMI, OperationType.QUERY).build(),
                (ctx, input) -> Future.succeededFuture(answer(worker, input)));
        worker.registry().register(OperationSpec.builder(SLOW, OperationType.QUERY).build(), (ctx, input) -> {
            Promise<Object> done = Promise.promise();
            long ms = ((JsonObject) input).getLong("ms", 100L);
            workerVertx.setTimer(Math.max(1, ms), id -> done.tryComplete(answer(worker, input)));
            return done.future();
        });
    }

    private JsonObject answer(AlknetWorker worker, Object input) {
        return new JsonObject().put("name", worker.name()).put("n", ((JsonObject) input).getValue("n"))
                .put("session", sessions(worker.name()));
    }

    /** How many SSH sessions of the worker came up so far. */
    int sessions(String name) {
        return sessions.get(name).get();
    }

    /** A caller session, up when this returns. */
    AlknetSession caller(ConnectOptions connect) throws Exception {
        AlknetSession session = await(Alknet.connect(callerVertx, connect));
        synchronized (callers) {
            callers.add(session);
        }
        await(session.firstSession());
        return session;
    }

    AlknetWorker worker(String name) {
        return workers.get(name);
    }

    Map<String, AlknetWorker> workers() {
        return Map.copyOf(workers);
    }

    static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    @Override
    public void close() throws Exception {
        List<Future<Void>> closing = new ArrayList<>();
        workers.values().forEach(w -> closing.add(w.close().recover(e -> Future.succeededFuture())));
        synchronized (callers) {
            callers.forEach(c -> closing.add(c.close().recover(e -> Future.succeededFuture())));
        }
        try {
            await(Future.join(closing));
        } finally {
            await(Future.join(workerVertx.close(), callerVertx.close()));
        }
    }
}
