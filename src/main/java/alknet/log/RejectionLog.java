package alknet.log;

import org.slf4j.Logger;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code connection rejected} lines at most once per source address and reason per interval (10 s): the first
 * refusal is logged at once, later ones in the interval are counted and the next line carries {@code suppressed=N}.
 * A flood from one address costs one line per interval instead of one per connection; fail2ban still sees every
 * abusive address. The table is bounded: when full it is cleared (the next refusal of each source logs again).
 */
final class RejectionLog {
    static final long INTERVAL_NANOS = 10_000_000_000L;
    private static final int MAX_SOURCES = 10_000;

    private final Logger log;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    private static final class Window {
        long startedAt;
        int suppressed;
    }

    RejectionLog(Logger log) {
        this.log = log;
    }

    void rejected(String remoteAddress, String reason) {
        long now = System.nanoTime();
        String key = remoteAddress + ' ' + reason;
        if (windows.size() > MAX_SOURCES) {
            windows.clear();
        }
        Window w = windows.computeIfAbsent(key, k -> new Window());
        int suppressed;
        synchronized (w) {
            if (w.startedAt != 0 && now - w.startedAt < INTERVAL_NANOS) {
                w.suppressed++;
                return;
            }
            suppressed = w.suppressed;
            w.startedAt = now;
            w.suppressed = 0;
        }
        LogLine line = LogLine.of("connection rejected").kv("remote_addr", remoteAddress).kv("reason", reason);
        if (suppressed > 0) {
            line.kv("suppressed", suppressed);
        }
        log.info("{}", line);
    }
}
