package alknet.api;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.micrometer.backends.BackendRegistries;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import io.vertx.core.VertxOptions;
import io.vertx.core.file.FileSystemOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;

/** A Vert.x instance set up the way alknet expects: Micrometer metrics with a Prometheus registry. */
public final class AlknetVertx {
    private AlknetVertx() {}

    private static final AtomicInteger INSTANCES = new AtomicInteger();
    private static final Map<Vertx, String> REGISTRY_NAMES = Collections.synchronizedMap(new WeakHashMap<>());

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
        REGISTRY_NAMES.put(vertx, registryName);
        return vertx;
    }

    /** The Micrometer registry of a Vert.x made by {@link #create()}, or null for any other Vert.x. */
    public static MeterRegistry registry(Vertx vertx) {
        String name = REGISTRY_NAMES.get(vertx);
        return name == null ? null : BackendRegistries.getNow(name);
    }
}
