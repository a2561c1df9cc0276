package alknet.client;

import java.time.Duration;
import java.util.Random;

/** Reconnect delays (10-tunnel.md section 5): 1, 2, 4, 8, 16 s, then every 30 s, each with +-20 % jitter. */
public final class Backoff {
    private static final long[] STEPS_SECONDS = {1, 2, 4, 8, 16};
    private static final long STEADY_SECONDS = 30;
    private static final double JITTER = 0.2;
    private static final Random JITTER_SOURCE = new Random();

    private int attempt;

    /** The delay before the next attempt; each call moves one step along the schedule. */
    public Duration next() {
        long base = attempt < STEPS_SECONDS.length ? STEPS_SECONDS[attempt] : STEADY_SECONDS;
        attempt++;
        double factor = 1 + JITTER_SOURCE.nextDouble() * 2 * JITTER - JITTER;
        return Duration.ofMillis(Math.round(base * 1000 * factor));
    }

    public void reset() {
        attempt = 0;
    }

    /** The nominal delay (no jitter) of attempt {@code n}, counted from 0. */
    public static Duration nominal(int n) {
        return Duration.ofSeconds(n < STEPS_SECONDS.length ? STEPS_SECONDS[n] : STEADY_SECONDS);
    }
}
