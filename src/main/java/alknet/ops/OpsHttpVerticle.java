package alknet.ops;

import alknet.stream.ListenRegistry;
import alknet.Addresses;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.List;

/**
 * Operators' HTTP endpoints (40-cluster-ops.md section 4): {@code /livez}, {@code /readyz}, {@code /healthz},
 * {@code /metrics}, {@code POST /admin/reload} (when given an {@link AdminReloadHandler}). Readiness asks each named check over the event bus and turns 503 once shutdown starts.
 */
public final class OpsHttpVerticle extends VerticleBase {
    private static final long CHECK_TIMEOUT_MS = 1_000;
    private static final DeliveryOptions LOCAL = new DeliveryOptions().setLocalOnly(true);

    private final String host;
    private final int port;
    private final List<String> readinessChecks;
    private final MeterRegistry registry;
    private final AdminReloadHandler adminReload;
    private HttpServer server;
    private ListenRegistry.Claim claim;
    private HealthChecks checks;
    private volatile boolean shuttingDown;

    public OpsHttpVerticle(String host, int port, List<String> readinessChecks, MeterRegistry registry) {
        this(host, port, readinessChecks, registry, null);
    }

    /** @param adminReload the {@code POST /admin/reload} handler, or null for none */
    public OpsHttpVerticle(String host, int port, List<String> readinessChecks, MeterRegistry registry,
                           AdminReloadHandler adminReload) {
        this.host = host;
        this.port = port;
        this.readinessChecks = List.copyOf(readinessChecks);
        this.registry = registry;
        this.adminReload = adminReload;
    }

    @Override
    public Future<?> start() {
        // This process's shutdown only: on a clustered bus a plain consumer would hear every head's.
        vertx.eventBus().localConsumer(Addresses.SHUTDOWN_STARTED, msg -> shuttingDown = true);
        checks = HealthChecks.create(vertx);
        checks.register("shutdown", p -> p.complete(shuttingDown ? Status.KO(new JsonObject().put("reason", "shutting down")) : Status.OK()));
        for (String name : readinessChecks) {
            checks.register(name, CHECK_TIMEOUT_MS, p -> askCheck(name, p));
        }
        Router router = Router.router(vertx);
        router.get("/livez").handler(ctx -> ctx.response().putHeader("content-type", "text/plain").end("ok\n"));
        router.get("/readyz").handler(this::readyz);
        router.get("/healthz").handler(this::readyz); // the same Health Checks JSON, every check listed
        router.get("/metrics").handler(this::metrics);
        if (adminReload != null) {
            router.post("/admin/reload").handler(adminReload);
        }
        claim = ListenRegistry.of(vertx).claim(host, port, "the ops endpoint (--ops-listen)");
        server = vertx.createHttpServer();
        return server.requestHandler(router).listen(port, host)
                .onSuccess(s -> claim.bound(s.actualPort()))
                .onFailure(e -> claim.release());
    }

    public int actualPort() {
        return server.actualPort();
    }

    private void askCheck(String name, Promise<Status> result) {
        // Local only: another head's check of the same name must not answer for this process.
        vertx.eventBus().<JsonObject>request(Addresses.readiness(name), null, LOCAL).onComplete(ar -> {
            if (ar.succeeded() && ar.result().body().getBoolean("ok", false)) {
                result.complete(Status.OK());
            } else {
                result.complete(Status.KO(new JsonObject().put("reason", ar.succeeded() ? "not ready" : "no answer")));
            }
        });
    }

    private void readyz(RoutingContext ctx) {
        checks.checkStatus().onComplete(ar -> {
            boolean ok = ar.succeeded() && ar.result().getUp();
            JsonObject body = ar.succeeded() ? ar.result().toJson() : new JsonObject().put("status", "DOWN");
            ctx.response().setStatusCode(ok ? 200 : 503).putHeader("content-type", "application/json").end(body.encode());
        });
    }

    private void metrics(RoutingContext ctx) {
        if (registry instanceof PrometheusMeterRegistry prometheus) {
            ctx.response().putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8").end(prometheus.scrape());
        } else {
            ctx.response().setStatusCode(404).end("metrics are not enabled\n");
        }
    }

    @Override
    public Future<?> stop() {
        return server.close().onComplete(v -> claim.release());
    }
}
