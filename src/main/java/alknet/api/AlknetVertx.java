package alknet.api;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;

import java.util.concurrent.atomic.AtomicInteger;
import io.vertx.core.VertxOptions;
import io.vertx.core.file.FileSystemOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;

/** A Vert.x instance set up the way alknet expects: Micrometer metrics with a Prometheus registry, no file cache. */
public final class AlknetVertx {
    /** Where the name of this Vert.x instance's Micrometer registry is kept (its shared data). */
    public static final String REGISTRY_NAME_KEY = "alknet.meter-registry";

    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private AlknetVertx() {}

    public static Vertx create() {
        VertxOptions options = options();
        Vertx vertx = builder(options).build();
        remember(vertx, options);
        return vertx;
    }

    /**
     * A Vert.x whose event bus spans the head cluster (40-cluster-ops.md section 3), for {@link Alknet#serve} with
     * {@code options.cluster()} on; it leaves the cluster when closed.
     */
    public static Future<Vertx> createClustered(ClusterOptions cluster) {
        return Alknet.clusteredVertx(cluster);
    }

    /** Options for a new instance: its own Micrometer registry with Prometheus, no file cache. */
    public static VertxOptions options() {
        // One registry per Vert.x instance, so two nodes in one JVM (tests, embedding) never share meters.
        MicrometerMetricsOptions metrics = new MicrometerMetricsOptions()
                .setEnabled(true)
                .setRegistryName("alknet-" + INSTANCES.incrementAndGet())
                .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true));
        // alknet serves no files: without file caching and class-path resolving Vert.x creates no vertx-cache-*
        // directory in the temp directory (one would be left behind by every SIGKILL).
        return new VertxOptions().setMetricsOptions(metrics).setFileSystemOptions(
                new FileSystemOptions().setFileCachingEnabled(false).setClassPathResolvingEnabled(false));
    }

    /** A builder for {@code options} (from {@link #options()}) with the Micrometer metrics factory. */
    public static VertxBuilder builder(VertxOptions options) {
        return Vertx.builder().with(options).withMetrics(new MicrometerMetricsFactory());
    }

    /** Records which registry {@code vertx} reports to; call it once the instance is built. */
    public static void remember(Vertx vertx, VertxOptions options) {
        String registryName = ((MicrometerMetricsOptions) options.getMetricsOptions()).getRegistryName();
        vertx.sharedData().getLocalMap(REGISTRY_NAME_KEY).put(REGISTRY_NAME_KEY, registryName);
    }
}
