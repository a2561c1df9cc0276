package alknet.cluster;

import alknet.api.AlknetVertx;
import alknet.api.ClusterOptions;
import com.hazelcast.core.HazelcastInstance;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.shareddata.Shareable;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

import java.util.Optional;

/**
 * A Vert.x whose event bus spans the head cluster through {@code vertx-hazelcast} (40-cluster-ops.md section 3). The
 * event bus binds beside the member port ({@link HazelcastSetup#busPort}) on the same interface. The Hazelcast
 * member stays reachable through {@link #hazelcast} for the {@code alknet-nodes} map and membership events.
 */
public final class ClusteredVertx {
    private static final String KEY = "alknet.cluster";

    private ClusteredVertx() {}

    /** Joins (or forms) the cluster; leaving it happens when the Vert.x instance closes. */
    public static Future<Vertx> start(ClusterOptions options) {
        if (!options.enabled()) {
            return Future.failedFuture(new IllegalArgumentException("cluster mode is off; use AlknetVertx.create()"));
        }
        HazelcastClusterManager manager;
        try {
            manager = new HazelcastClusterManager(HazelcastSetup.config(options));
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(e);
        }
        VertxOptions vertxOptions = AlknetVertx.options();
        EventBusOptions bus = vertxOptions.getEventBusOptions().setPort(HazelcastSetup.busPort(options));
        if (options.host() != null) {
            bus.setHost(options.host());
        }
        return AlknetVertx.builder(vertxOptions).withClusterManager(manager).buildClustered().map(vertx -> {
            AlknetVertx.remember(vertx, vertxOptions);
            vertx.sharedData().getLocalMap(KEY).put(KEY, new Member(manager.getHazelcastInstance()));
            return vertx;
        });
    }

    /** The Hazelcast member behind {@code vertx}, when it was started here in cluster mode. */
    public static Optional<HazelcastInstance> hazelcast(Vertx vertx) {
        Object member = vertx.sharedData().getLocalMap(KEY).get(KEY);
        return member instanceof Member m ? Optional.of(m.hazelcast()) : Optional.empty();
    }

    /** Shareable, so Vert.x keeps the object itself in its local map. */
    private record Member(HazelcastInstance hazelcast) implements Shareable {}
}
