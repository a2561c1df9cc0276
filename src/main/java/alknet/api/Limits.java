package alknet.api;

import java.time.Duration;

/**
 * Server limits (10-tunnel.md section 3); part of the hot-reloadable dynamic configuration. The defaults are safe
 * against one noisy address: it may hold {@link #DEFAULT_MAX_STARTUPS_PER_IP} unauthenticated connections, fewer
 * than the {@link Startups#start() start} of random early drop, so it cannot lock anyone else out.
 *
 * @param maxConnectionsPerIp   connections per client IP at once, checked before the handshake (0 = unlimited)
 * @param maxAuthAttempts       authentication requests per connection, then disconnect
 * @param startups              unauthenticated connections at once, with OpenSSH-style random early drop
 * @param maxStartupsPerIp      unauthenticated connections per client IP at once (0 = unlimited)
 * @param authTimeout           time to authenticate
 * @param maxChannelsPerSession channels one session may have open at once
 */
public record Limits(int maxConnectionsPerIp, int maxAuthAttempts, Startups startups, int maxStartupsPerIp,
                     Duration authTimeout, int maxChannelsPerSession) {
    public static final int DEFAULT_MAX_CONNECTIONS_PER_IP = 0;
    public static final int DEFAULT_MAX_AUTH_ATTEMPTS = 10;
    public static final Startups DEFAULT_STARTUPS = new Startups(30, 30, 100);
    public static final int DEFAULT_MAX_STARTUPS = DEFAULT_STARTUPS.full();
    public static final int DEFAULT_MAX_STARTUPS_PER_IP = 10;
    public static final Duration DEFAULT_AUTH_TIMEOUT = Duration.ofSeconds(30);
    public static final int DEFAULT_MAX_CHANNELS_PER_SESSION = 1024;
    public static final Limits DEFAULTS = new Limits(DEFAULT_MAX_CONNECTIONS_PER_IP, DEFAULT_MAX_AUTH_ATTEMPTS,
            DEFAULT_STARTUPS, DEFAULT_MAX_STARTUPS_PER_IP, DEFAULT_AUTH_TIMEOUT, DEFAULT_MAX_CHANNELS_PER_SESSION);

    public Limits {
        if (maxConnectionsPerIp < 0) {
            throw new IllegalArgumentException("max-connections-per-ip must be >= 0 (0 = unlimited), got " + maxConnectionsPerIp);
        }
        if (maxAuthAttempts < 1) {
            throw new IllegalArgumentException("max-auth-attempts must be >= 1, got " + maxAuthAttempts);
        }
        if (maxStartupsPerIp < 0) {
            throw new IllegalArgumentException("max-startups-per-ip must be >= 0 (0 = unlimited), got " + maxStartupsPerIp);
        }
        if (authTimeout.isNegative() || authTimeout.isZero()) {
            throw new IllegalArgumentException("auth-timeout must be positive, got " + authTimeout);
        }
        if (maxChannelsPerSession < 1) {
            throw new IllegalArgumentException("max-channels-per-session must be >= 1, got " + maxChannelsPerSession);
        }
    }

    /** The four limits of the first release; the others keep their defaults ({@code maxStartups} is a hard cap). */
    public Limits(int maxConnectionsPerIp, int maxAuthAttempts, int maxStartups, Duration authTimeout) {
        this(maxConnectionsPerIp, maxAuthAttempts, Startups.cap(maxStartups), DEFAULT_MAX_STARTUPS_PER_IP, authTimeout,
                DEFAULT_MAX_CHANNELS_PER_SESSION);
    }

    /** The most unauthenticated connections at once. */
    public int maxStartups() {
        return startups.full();
    }

    public Limits withStartups(Startups next) {
        return new Limits(maxConnectionsPerIp, maxAuthAttempts, next, maxStartupsPerIp, authTimeout, maxChannelsPerSession);
    }

    public Limits withMaxStartupsPerIp(int next) {
        return new Limits(maxConnectionsPerIp, maxAuthAttempts, startups, next, authTimeout, maxChannelsPerSession);
    }

    public Limits withMaxChannelsPerSession(int next) {
        return new Limits(maxConnectionsPerIp, maxAuthAttempts, startups, maxStartupsPerIp, authTimeout, next);
    }
}
