package alknet.api.impl;

import alknet.api.AlknetSession;
import alknet.api.AlknetWorker;
import alknet.api.Operations;
import alknet.api.WorkerOptions;
import alknet.cluster.WorkerLoop;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * A worker (40-cluster-ops.md sections 1-2): a {@link ClientNode} to the heads and the {@link WorkerLoop} that keeps
 * its operations registered under the worker's name, told of every change to the registry.
 */
final class WorkerNode implements AlknetWorker {
    private final Vertx vertx;
    private final ClientNode session;
    private final WorkerLoop loop;
    private final String name;
    private String deployment;
    private Future<Void> closing;

    private WorkerNode(Vertx vertx, ClientNode session, WorkerOptions options) {
        this.vertx = vertx;
        this.session = session;
        this.name = options.name();
        this.loop = new WorkerLoop(session, options.name(), options.heartbeat(), session::connectedServer,
                session::renewSession);
    }

    static Future<AlknetWorker> start(Vertx vertx, WorkerOptions options) {
        if (options.name() == null) {
            return Future.failedFuture(new IllegalArgumentException("a worker needs a name: WorkerOptions.name(ALIAS)"
                    + " (alknet worker --name ALIAS, or env POD_NAME)"));
        }
        return ClientNode.startNode(vertx, options.connect())
                .compose(node -> new WorkerNode(vertx, node, options).deploy());
    }

    private Future<AlknetWorker> deploy() {
        session.onOperationsChanged(loop::operationsChanged);
        return vertx.deployVerticle(loop)
                .<AlknetWorker>map(id -> {
                    synchronized (this) {
                        deployment = id;
                    }
                    return this;
                })
                .recover(e -> session.close().transform(ignored -> Future.failedFuture(e)));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public AlknetSession session() {
        return session;
    }

    @Override
    public Operations registry() {
        return session.registry();
    }

    @Override
    public boolean registered() {
        return loop.registered();
    }

    @Override
    public Future<Void> firstRegistration() {
        return loop.firstRegistration();
    }

    @Override
    public Future<Void> fatal() {
        return loop.fatal();
    }

    /** Heartbeats stop first, so none goes out on a closing session; then the session closes. */
    @Override
    public synchronized Future<Void> close() {
        if (closing == null) {
            Future<Void> stopLoop = deployment == null ? Future.succeededFuture()
                    : vertx.undeploy(deployment).recover(e -> Future.succeededFuture());
            closing = stopLoop.compose(v -> session.close());
        }
        return closing;
    }
}
