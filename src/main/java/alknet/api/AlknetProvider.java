package alknet.api;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * What stands behind {@link Alknet}: the node implementation, found with {@link java.util.ServiceLoader} so this
 * package depends on nothing but the JDK and Vert.x. alknet ships exactly one.
 */
public interface AlknetProvider {
    Future<AlknetServer> serve(Vertx vertx, ServeOptions options);

    Future<AlknetSession> connect(Vertx vertx, ConnectOptions options);

    Future<AlknetWorker> worker(Vertx vertx, WorkerOptions options);

    /** A Vert.x whose event bus spans the head cluster. */
    Future<Vertx> clusteredVertx(ClusterOptions cluster);
}
