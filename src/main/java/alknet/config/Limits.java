package alknet.config;

import java.time.Duration;

/** Server limits (10-tunnel.md section 3); part of the hot-reloadable {@link DynamicConfig}. */
public record Limits(int maxConnectionsPerIp, int maxAuthAttempts, int maxStartups, Duration authTimeout) {
    public static final int DEFAULT_MAX_CONNECTIONS_PER_IP = 0;
    public static final int DEFAULT_MAX_AUTH_ATTEMPTS = 10;
    public static final int DEFAULT_MAX_STARTUPS = 100;
    public static final Duration DEFAULT_AUTH_TIMEOUT = Duration.ofSeconds(30);
    public static final Limits DEFAULTS = new Limits(DEFAULT_MAX_CONNECTIONS_PER_IP, DEFAULT_MAX_AUTH_ATTEMPTS,
            DEFAULT_MAX_STARTUPS, DEFAULT_AUTH_TIMEOUT);

    public Limits {
        if (maxConnectionsPerIp < 0) {
            throw new ConfigException("max-connections-per-ip must be >= 0 (0 = unlimited), got " + maxConnectionsPerIp);
        }
        if (maxAuthAttempts < 1) {
            throw new ConfigException("max-auth-attempts must be >= 1, got " + maxAuthAttempts);
        }
        if (maxStartups < 1) {
            throw new ConfigException("max-startups must be >= 1, got " + maxStartups);
        }
        if (authTimeout.isNegative() || authTimeout.isZero()) {
            throw new ConfigException("auth-timeout must be positive, got " + authTimeout);
        }
    }
}
