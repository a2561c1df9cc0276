package alknet.api.impl;

import alknet.api.AlknetProvider;
import alknet.api.AlknetServer;
import alknet.api.AlknetSession;
import alknet.api.AlknetWorker;
import alknet.api.ClusterOptions;
import alknet.cluster.ClusteredVertx;
import alknet.api.ConnectOptions;
import alknet.api.ServeOptions;
import alknet.api.WorkerOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/** The one {@link AlknetProvider}: assembles server, client and worker nodes from the layers. */
public final class Nodes implements AlknetProvider {
    @Override
    public Future<AlknetServer> serve(Vertx vertx, ServeOptions options) {
        return ServerNode.start(vertx, options);
    }

    @Override
    public Future<AlknetSession> connect(Vertx vertx, ConnectOptions options) {
        return ClientNode.start(vertx, options);
    }

    @Override
    public Future<AlknetWorker> worker(Vertx vertx, WorkerOptions options) {
        return WorkerNode.start(vertx, options);
    }

    @Override
    public Future<Vertx> clusteredVertx(ClusterOptions cluster) {
        return ClusteredVertx.start(cluster);
    }
}
