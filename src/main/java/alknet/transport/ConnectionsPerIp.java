package alknet.transport;

import alknet.metrics.AlknetMetrics;
import alknet.log.ServerLog;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;

/**
 * Concurrent connections per remote IP, checked before the SSH handshake (10-tunnel.md section 3). Shared by
 * every listener, so the limit holds across transports. The limit is read per check (hot reload).
 */
public final class ConnectionsPerIp {
    private static final String REJECT_REASON = "max-connections-per-ip";

    private final ConcurrentHashMap<String, Integer> counts = new ConcurrentHashMap<>();
    private final IntSupplier limit;

    public ConnectionsPerIp(IntSupplier limit) {
        this.limit = limit;
    }

    /** Counts the connection and returns true, or returns false when the IP is at its limit (0 = unlimited). */
    public boolean tryAcquire(String ip) {
        int max = limit.getAsInt();
        boolean[] acquired = {false};
        counts.compute(ip, (k, n) -> {
            int current = n == null ? 0 : n;
            if (max > 0 && current >= max) {
                return n;
            }
            acquired[0] = true;
            return current + 1;
        });
        return acquired[0];
    }

    /**
     * Counts the connection, or refuses it: a refusal is counted in {@code alknet_connections_rejected_total} and
     * logged as {@code connection rejected ... reason=max-connections-per-ip}. Every listener calls this.
     */
    public boolean admit(String ip, AlknetMetrics metrics) {
        if (tryAcquire(ip)) {
            return true;
        }
        metrics.connectionRejected(REJECT_REASON);
        ServerLog.connectionRejected(ip, REJECT_REASON);
        return false;
    }

    public void release(String ip) {
        counts.computeIfPresent(ip, (k, n) -> n <= 1 ? null : n - 1);
    }
}
