package alknet.cluster;

import alknet.api.Alknet;
import alknet.api.AlknetVertx;
import alknet.api.AlknetWorker;
import alknet.api.ConnectOptions;
import alknet.api.WorkerOptions;
import alknet.testsupport.ScriptedHead;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** In-JVM workers on one Vert.x for the worker-loop tests; closes them all. */
final class WorkerFixture implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(20);

    private final Vertx vertx = AlknetVertx.create();
    private final List<AlknetWorker> workers = new ArrayList<>();

    AlknetWorker start(ConnectOptions connect, String name, Duration heartbeat) throws Exception {
        AlknetWorker worker = ScriptedHead.await(Alknet.worker(vertx,
                new WorkerOptions().connect(connect).name(name).heartbeat(heartbeat)));
        workers.add(worker);
        return worker;
    }

    Vertx vertx() {
        return vertx;
    }

    /** The operation names of a registration's input. */
    static List<String> operationNames(ScriptedHead.Received registration) {
        return registration.input().getJsonArray("operations").stream().map(o -> ((JsonObject) o).getString("name")).toList();
    }

    static double secondsBetween(ScriptedHead.Received earlier, ScriptedHead.Received later) {
        return (later.atNanos() - earlier.atNanos()) / 1e9;
    }

    @Override
    public void close() throws Exception {
        for (AlknetWorker worker : workers) {
            ScriptedHead.await(worker.close());
        }
        ScriptedHead.await(vertx.close());
    }
}
