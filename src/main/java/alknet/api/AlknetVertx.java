package alknet.api;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;

/** A Vert.x instance set up the way alknet expects: Micrometer metrics with a Prometheus registry. */
public final class AlknetVertx {
    private AlknetVertx() {}

    public static Vertx create() {
        MicrometerMetricsOptions metrics = new MicrometerMetricsOptions()
                .setEnabled(true)
                .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true));
        return Vertx.builder().with(new VertxOptions().setMetricsOptions(metrics))
                .withMetrics(new MicrometerMetricsFactory()).build();
    }
}
