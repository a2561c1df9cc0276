package alknet.cluster;

import alknet.Addresses;
import alknet.call.CallRouterVerticle;
import alknet.call.env.BusAddresses;
import alknet.call.env.EventBusService;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * A head's part in the head/worker cluster (40-cluster-ops.md): the {@code /head/...} operations, the workers it
 * holds, routing of {@code /{ALIAS}/...} calls from any head, its member address on the bus, the clean-up of a
 * departed member's entries, the "cluster" readiness check and the cluster metrics. The same code serves a head
 * without a cluster ({@link SingleHead}, {@link LocalNodeDirectory}).
 */
public final class HeadCluster {
    public static final String READINESS_CHECK = "cluster";
    private static final Logger LOG = LoggerFactory.getLogger("alknet.cluster");

    private final Vertx vertx;
    private final ClusterMembers members;
    private final NodeDirectory directory;
    private final HeldWorkers held;
    private final WorkerRouter router;
    private final List<MessageConsumer<?>> consumers = new ArrayList<>();
    private EventBusService memberService;

    private HeadCluster(Vertx vertx, ClusterMembers members, NodeDirectory directory, HeldWorkers held,
                        WorkerRouter router) {
        this.vertx = vertx;
        this.members = members;
        this.directory = directory;
        this.held = held;
        this.router = router;
    }

    /** Wires the cluster into a deployed call router and binds this head's bus addresses. */
    public static Future<HeadCluster> start(Vertx vertx, CallRouterVerticle callRouter, ClusterMembers members,
                                            NodeDirectory directory, MeterRegistry meters) {
        HeldWorkers held = new HeldWorkers(vertx, directory, members, RegistrationRate.standard());
        ClusterMetrics metrics = new ClusterMetrics(meters, held::size, members::size);
        WorkerRouter router = new WorkerRouter(vertx, directory, members, held, callRouter.options(), metrics);
        callRouter.dispatcher().forwarded(router);
        HeadOperations.register(callRouter.registry(), held);
        HeadCluster cluster = new HeadCluster(vertx, members, directory, held, router);
        members.onMemberLeft(cluster::memberLeft);
        return cluster.bind().map(cluster);
    }

    private Future<Void> bind() {
        String self = members.localId();
        consumers.add(vertx.eventBus().<JsonObject>consumer(Addresses.headSuperseded(self),
                m -> held.superseded(m.body().getString("alias", ""), m.body().getString("registrationId", ""))));
        consumers.add(vertx.eventBus().<String>localConsumer(Addresses.readiness(READINESS_CHECK),
                m -> m.reply(new JsonObject().put("ok", members.joined()).put("members", members.size()))));
        return EventBusService.bind(vertx, new BusAddresses(Addresses.head(self), Addresses.headAbort(self),
                        "this head"), held, false)
                .onSuccess(service -> memberService = service)
                .compose(v -> Future.all(consumers.stream().map(MessageConsumer::completion).toList()))
                .mapEmpty();
    }

    /** A head left (crashed or shut down): every survivor removes its entries; conditional removes make that safe. */
    private void memberLeft(String memberId) {
        directory.releaseMember(memberId).onSuccess(removed -> {
            if (removed > 0) {
                LOG.info("workers of a departed head removed count={}", removed);
            }
        });
    }

    public boolean joined() {
        return members.joined();
    }

    public HeldWorkers workers() {
        return held;
    }

    public WorkerRouter router() {
        return router;
    }

    public NodeDirectory directory() {
        return directory;
    }

    /**
     * Stops being a head (shutdown): its workers' entries leave the map first, so other heads stop routing here and
     * the workers re-register wherever they reconnect; then its addresses go.
     */
    public Future<Void> leave() {
        return held.releaseAll()
                .eventually(() -> memberService == null ? Future.succeededFuture() : memberService.unbind())
                .eventually(() -> Future.join(consumers.stream().map(MessageConsumer::unregister).toList()))
                .mapEmpty();
    }
}
