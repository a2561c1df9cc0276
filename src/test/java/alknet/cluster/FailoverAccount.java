package alknet.cluster;

import alknet.cluster.CallLoad.Outcome;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Accounts for every call of a {@link CallLoad} across one head's departure (issue 12, acceptance 2). A worker of that
 * head is callable again through a surviving head from the first call through that head that its new session answered
 * (each head learns of the new registration on its own, a few milliseconds apart). A failure is explained only when it
 * is a retryable {@code UNAVAILABLE} of a call through the departed head, or of a call through a survivor to a moving
 * worker sent before that worker was callable again through that survivor; everything else is unexplained.
 */
final class FailoverAccount {
    private final List<Outcome> outcomes;
    private final String departed;
    private final long leftAt;
    private final Map<String, Long> callableAgain = new HashMap<>();
    private final Set<String> silent = new LinkedHashSet<>();
    private final List<String> unexplained = new ArrayList<>();
    private int throughDeparted;
    private int toMovingWorkers;
    private long lastThroughDeparted;

    /**
     * @param newSession whether a successful outcome was answered by the worker's session after the failover
     * @param leftAt     System.nanoTime when the head was killed or stopped
     */
    FailoverAccount(List<Outcome> outcomes, String departed, List<String> survivors, Set<String> moving, long leftAt,
                    Predicate<Outcome> newSession) {
        this.outcomes = List.copyOf(outcomes);
        this.departed = departed;
        this.leftAt = leftAt;
        this.lastThroughDeparted = leftAt;
        for (Outcome o : this.outcomes) {
            if (o.succeeded() && moving.contains(o.worker()) && newSession.test(o)) {
                callableAgain.merge(key(o.worker(), o.via()), o.endedNanos(), Math::min);
            }
        }
        for (String worker : moving) {
            for (String via : survivors) {
                if (!callableAgain.containsKey(key(worker, via))) {
                    silent.add(worker + " through " + via);
                }
            }
        }
        for (Outcome o : this.outcomes) {
            account(o, moving);
        }
    }

    private static String key(String worker, String via) {
        return worker + "@" + via;
    }

    private void account(Outcome o, Set<String> moving) {
        if (o.wrong() != null) {
            unexplained.add(o.worker() + " via " + o.via() + " " + o.wrong());
            return;
        }
        if (o.failure() == null) {
            return;
        }
        boolean retryableUnavailable = "UNAVAILABLE".equals(o.failure().code()) && o.failure().retryable();
        if (retryableUnavailable && o.via().equals(departed)) {
            throughDeparted++;
            lastThroughDeparted = Math.max(lastThroughDeparted, o.endedNanos());
        } else if (retryableUnavailable && moving.contains(o.worker())
                && o.sentNanos() < callableAgain.getOrDefault(key(o.worker(), o.via()), Long.MAX_VALUE)) {
            toMovingWorkers++;
        } else {
            unexplained.add(o.worker() + " via " + o.via() + " sent " + String.format("%+.3fs",
                    (o.sentNanos() - leftAt) / 1e9) + ": " + o.failure().code() + " " + o.failure().getMessage());
        }
    }

    /** Moving workers not yet callable again through a survivor, as "worker through head". */
    Set<String> silent() {
        return silent;
    }

    List<String> unexplained() {
        return unexplained;
    }

    /** Calls sent through the departed head (in flight when it left, or before). */
    long callsThroughDeparted() {
        return outcomes.stream().filter(o -> o.via().equals(departed)).count();
    }

    /** Calls through the departed head that failed (retryable UNAVAILABLE): those in flight when it left. */
    int failedThroughDeparted() {
        return throughDeparted;
    }

    /** Seconds from the departure until the last moving worker was callable again through the last survivor. */
    double callableAgainSeconds() {
        return (callableAgain.values().stream().mapToLong(Long::longValue).max().orElse(leftAt) - leftAt) / 1e9;
    }

    @Override
    public String toString() {
        return String.format("%s; every worker of the head answered again through every other head after %.2fs;"
                        + " failed as allowed: %d through the head that left (the last %.2fs after it left), %d to its"
                        + " workers before they answered again", CallLoad.summary(outcomes), callableAgainSeconds(),
                throughDeparted, (lastThroughDeparted - leftAt) / 1e9, toMovingWorkers);
    }
}
