package alknet.call.metrics;

/**
 * What the call layer reports (40-cluster-ops.md section 4): one record per served call. {@code result} is
 * {@code ok} or a known error code name, never an operation name, input or topic.
 */
public interface CallMetrics {
    CallMetrics NONE = (result, nanos) -> {};

    void callFinished(String result, long durationNanos);
}
