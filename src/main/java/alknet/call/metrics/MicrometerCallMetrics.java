package alknet.call.metrics;

import alknet.api.CallErrorCode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code alknet_calls_total{result}} and {@code alknet_call_duration_seconds} (a histogram) in a Micrometer
 * registry. Every label value is registered up front, so a peer cannot grow the label set.
 */
public final class MicrometerCallMetrics implements CallMetrics {
    public static final String OK = "ok";

    private final Map<String, Counter> calls = new HashMap<>();
    private final Timer duration;

    public MicrometerCallMetrics(MeterRegistry registry) {
        calls.put(OK, counter(registry, OK));
        for (CallErrorCode code : CallErrorCode.values()) {
            calls.put(code.name(), counter(registry, code.name()));
        }
        duration = Timer.builder("alknet_call_duration_seconds").description("Time from dispatch to the call's end")
                .publishPercentileHistogram().register(registry);
    }

    private static Counter counter(MeterRegistry registry, String result) {
        return Counter.builder("alknet_calls_total").tag("result", result)
                .description("Calls served, by outcome").register(registry);
    }

    @Override
    public void callFinished(String result, long durationNanos) {
        calls.getOrDefault(result, calls.get(CallErrorCode.UNKNOWN_ERROR.name())).increment();
        duration.record(durationNanos, TimeUnit.NANOSECONDS);
    }
}
