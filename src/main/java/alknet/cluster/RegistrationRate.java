package alknet.cluster;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;

/**
 * How often one session may register (a flood of registrations must not tie up the cluster map and the bus): at
 * most {@code limit} in any {@code window}. A reconnecting worker registers once per session, far below it.
 */
public final class RegistrationRate {

    private final int limit;
    private final Duration window;
    private final Clock clock;
    /** Per session; a closed session's history goes with it. */
    private final Map<Object, Deque<Long>> recent = new WeakHashMap<>();

    public RegistrationRate(int limit, Duration window, Clock clock) {
        this.limit = limit;
        this.window = window;
        this.clock = clock;
    }

    /** Five registrations in ten seconds per session. */
    public static RegistrationRate standard() {
        return new RegistrationRate(5, Duration.ofSeconds(10), Clock.systemUTC());
    }

    /** Empty when {@code session} may register now (and counts it), else how long until it may. */
    public synchronized Optional<Duration> admit(Object session) {
        long now = clock.millis();
        Deque<Long> times = recent.computeIfAbsent(session, s -> new ArrayDeque<>());
        while (!times.isEmpty() && times.peekFirst() <= now - window.toMillis()) {
            times.pollFirst();
        }
        if (times.size() >= limit) {
            return Optional.of(Duration.ofMillis(times.peekFirst() + window.toMillis() - now));
        }
        times.addLast(now);
        return Optional.empty();
    }

    public String describe() {
        return "at most " + limit + " in " + window.toSeconds() + " s";
    }
}
