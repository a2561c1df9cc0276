package alknet.cluster;

import java.time.Duration;
import java.util.Random;

/**
 * Delays between registration attempts a head refused or could not take: the client's reconnect schedule
 * (10-tunnel.md section 5), 1, 2, 4, 8, 16 s, then every 30 s, each with +-20 % jitter so that a fleet of workers
 * refused at once does not come back in step.
 */
final class WorkerRetry {
    private static final long[] STEPS_MILLIS = {1_000, 2_000, 4_000, 8_000, 16_000};
    private static final long STEADY_MILLIS = 30_000;
    private static final double JITTER = 0.2;
    private static final Random JITTER_SOURCE = new Random();

    private int attempt;

    Duration next() {
        long base = attempt < STEPS_MILLIS.length ? STEPS_MILLIS[attempt] : STEADY_MILLIS;
        attempt++;
        double factor = 1 + JITTER_SOURCE.nextDouble() * 2 * JITTER - JITTER;
        return Duration.ofMillis(Math.round(base * factor));
    }

    void reset() {
        attempt = 0;
    }
}
