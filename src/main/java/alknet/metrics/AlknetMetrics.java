package alknet.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@code alknet_*} meters (40-cluster-ops.md section 4). Labels never carry a destination, host name or topic.
 */
public final class AlknetMetrics {
    private final MeterRegistry registry;
    private final AtomicInteger sessionsActive = new AtomicInteger();
    private final Map<String, AtomicInteger> channelsActive = new ConcurrentHashMap<>();
    /** Registered counters by name and label values: a builder's register() looks the meter up anew every call. */
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Counter channelOpensSuccess;
    private final Counter channelOpensFailure;

    public AlknetMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("alknet_sessions_active", sessionsActive, AtomicInteger::get)
                .description("Authenticated SSH sessions").register(registry);
        channelOpensSuccess = channelOpens("success");
        channelOpensFailure = channelOpens("failure");
    }

    private Counter channelOpens(String result) {
        return Counter.builder("alknet_channel_opens_total").tag("result", result)
                .description("Channel open requests").register(registry);
    }

    /** Meters in the given registry (Vert.x's own), or in a private Prometheus one when it is null (embedding). */
    public static AlknetMetrics inRegistryOrPrivate(MeterRegistry registry) {
        return new AlknetMetrics(registry != null ? registry : new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    }

    public MeterRegistry registry() {
        return registry;
    }

    public void sessionStarted() {
        sessionsActive.incrementAndGet();
    }

    public void sessionEnded() {
        sessionsActive.decrementAndGet();
    }

    public void authAttempt(String result, String method) {
        counters.computeIfAbsent("auth\0" + result + "\0" + method, k -> Counter.builder("alknet_auth_attempts_total")
                .tag("result", result).tag("method", method)
                .description("SSH authentication attempts").register(registry)).increment();
    }

    public void connectionRejected(String reason) {
        counters.computeIfAbsent("rejected\0" + reason, k -> Counter.builder("alknet_connections_rejected_total")
                .tag("reason", reason)
                .description("Connections refused before the SSH handshake").register(registry)).increment();
    }

    public void channelOpened(String kind, boolean success) {
        (success ? channelOpensSuccess : channelOpensFailure).increment();
        if (success) {
            channelGauge(kind).incrementAndGet();
        }
    }

    public void channelClosed(String kind) {
        channelGauge(kind).decrementAndGet();
    }

    private AtomicInteger channelGauge(String kind) {
        return channelsActive.computeIfAbsent(kind, k -> {
            AtomicInteger value = new AtomicInteger();
            Gauge.builder("alknet_channels_active", value, AtomicInteger::get).tag("kind", k)
                    .description("Open channels by kind").register(registry);
            return value;
        });
    }
}
