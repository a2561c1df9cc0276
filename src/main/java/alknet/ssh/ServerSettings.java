package alknet.ssh;

import java.time.Duration;
import java.util.List;

/** Static SSH server settings (restart to change). */
public record ServerSettings(Duration keepalive, List<String> ciphers, boolean allowNonStrictKex, String version) {
    public static final Duration DEFAULT_KEEPALIVE = Duration.ofSeconds(15);
    /** Missed keepalive replies after which a session is closed (10-tunnel.md section 2). */
    public static final int KEEPALIVE_MISSES = 3;
}
