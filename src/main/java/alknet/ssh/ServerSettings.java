package alknet.ssh;

import alknet.api.ProxyUrl;

import java.time.Duration;
import java.util.List;

/**
 * Static SSH server settings (restart to change). {@code outboundProxy} (null = direct) carries every
 * {@code direct-tcpip} connection; target names then go to it unresolved.
 */
public record ServerSettings(Duration keepalive, List<String> ciphers, boolean allowNonStrictKex, String version,
                             ProxyUrl outboundProxy) {
    /** Missed keepalive replies after which a session is closed (10-tunnel.md section 2). */
    public static final int KEEPALIVE_MISSES = 3;
}
