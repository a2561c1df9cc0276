package alknet.call.metrics;

import alknet.api.Identity;
import alknet.call.Await;
import alknet.api.AccessControl;
import alknet.call.operation.CallRouterOptions;
import alknet.api.OperationEnv;
import alknet.api.OperationSpec;
import alknet.api.OperationType;
import alknet.call.registry.OperationDispatcher;
import alknet.call.registry.OperationRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** 40-cluster-ops.md section 4: alknet_calls_total{result} and the alknet_call_duration_seconds histogram. */
class MicrometerCallMetricsTest {
    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void tearDown() {
        Await.result(vertx.close());
    }

    @Test
    void callsAreCountedByResultAndTimedWithoutOperationOrInputLabels() {
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        OperationRegistry registry = new OperationRegistry();
        registry.register(OperationSpec.builder("/secret-service/lookup-db.internal", OperationType.QUERY).build(),
                (ctx, in) -> Future.succeededFuture("ok"));
        registry.register(OperationSpec.builder("/admin/only", OperationType.QUERY)
                .accessControl(AccessControl.scopes("admin")).build(), (ctx, in) -> Future.succeededFuture("no"));
        OperationEnv env = new OperationDispatcher(vertx, registry, new CallRouterOptions(), new MicrometerCallMetrics(prometheus))
                .routes().rootEnv(new Identity("SHA256:u", List.of(), Map.of()));

        Await.result(env.invoke("secret-service", "lookup-db.internal", "10.1.2.3:5432"));
        Await.result(env.invoke("secret-service", "lookup-db.internal", "10.1.2.3:5432"));
        Await.failure(env.invoke("admin", "only", null));
        Await.failure(env.invoke("nope", "missing", null));

        String scrape = prometheus.scrape();
        assertThat(scrape).contains("alknet_calls_total{result=\"ok\"} 2.0")
                .contains("alknet_calls_total{result=\"ACCESS_DENIED\"} 1.0")
                .contains("alknet_calls_total{result=\"OPERATION_NOT_FOUND\"} 1.0")
                .contains("alknet_calls_total{result=\"UNAVAILABLE\"} 0.0")
                .contains("alknet_call_duration_seconds_bucket")
                .contains("alknet_call_duration_seconds_count 4");
        assertThat(scrape).doesNotContain("secret-service").doesNotContain("db.internal").doesNotContain("10.1.2.3");
    }

    @Test
    void unknownResultsFallIntoUnknownError() {
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new MicrometerCallMetrics(prometheus).callFinished("SOMETHING_NEW", 1_000);
        assertThat(prometheus.scrape()).contains("alknet_calls_total{result=\"UNKNOWN_ERROR\"} 1.0")
                .doesNotContain("SOMETHING_NEW");
    }
}
