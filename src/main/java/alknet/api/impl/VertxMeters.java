package alknet.api.impl;

import alknet.api.AlknetVertx;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.micrometer.backends.BackendRegistries;

/** The Micrometer registry of a Vert.x made by {@link AlknetVertx#create()}, or null for any other Vert.x. */
final class VertxMeters {
    private VertxMeters() {}

    static MeterRegistry registry(Vertx vertx) {
        Object name = vertx.sharedData().getLocalMap(AlknetVertx.REGISTRY_NAME_KEY).get(AlknetVertx.REGISTRY_NAME_KEY);
        return name == null ? null : BackendRegistries.getNow((String) name);
    }
}
