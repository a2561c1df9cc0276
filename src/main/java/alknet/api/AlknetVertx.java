package alknet.api;

import io.vertx.core.Vertx;

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
        // One registry per Vert.x instance, so two nodes in one JVM (tests, embedding) never share meters.
        String registryName = "alknet-" + INSTANCES.incrementAndGet();
        MicrometerMetricsOptions metrics = new MicrometerMetricsOptions()
                .setEnabled(true)
                .setRegistryName(registryName)
                .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true));
        // alknet serves no files: without file caching and class-path resolving Vert.x creates no vertx-cache-*
        // directory in the temp directory (one would be left behind by every SIGKILL).
        VertxOptions options = new VertxOptions().setMetricsOptions(metrics).setFileSystemOptions(
                new FileSystemOptions().setFileCachingEnabled(false).setClassPathResolvingEnabled(false));
        Vertx vertx = Vertx.builder().with(options).withMetrics(new MicrometerMetricsFactory()).build();
        vertx.sharedData().getLocalMap(REGISTRY_NAME_KEY).put(REGISTRY_NAME_KEY, registryName);
        return vertx;
    }
}
