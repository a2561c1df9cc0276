package alknet.api;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.ServiceLoader;

/** The entry points of the embedding API (00-overview.md); the CLI is built on them. */
public final class Alknet {
    private Alknet() {}

    public static Future<AlknetServer> serve(Vertx vertx, ServeOptions options) {
        return provider().serve(vertx, new ServeOptions(options));
    }

    public static Future<AlknetSession> connect(Vertx vertx, ConnectOptions options) {
        return provider().connect(vertx, options);
    }

    /**
     * Starts a worker (40-cluster-ops.md): connects to the first reachable head of {@link WorkerOptions#connect()},
     * registers the worker's operations under its name and keeps them registered. Completes once the session verticles
     * run; {@link AlknetWorker#firstRegistration()} says when a head accepted them.
     */
    public static Future<AlknetWorker> worker(Vertx vertx, WorkerOptions options) {
        return provider().worker(vertx, new WorkerOptions(options));
    }

    /** A Vert.x clustered for {@code cluster} (see {@link AlknetVertx#createClustered}). */
    static Future<Vertx> clusteredVertx(ClusterOptions cluster) {
        return provider().clusteredVertx(cluster);
    }

    private static AlknetProvider provider() {
        return Holder.PROVIDER;
    }

    /** Loaded once, on first use. */
    private static final class Holder {
        static final AlknetProvider PROVIDER = ServiceLoader.load(AlknetProvider.class, Alknet.class.getClassLoader())
                .findFirst().orElseThrow(() -> new IllegalStateException("no alknet implementation on the class path"
                        + " (META-INF/services/alknet.api.AlknetProvider)"));
    }
}
