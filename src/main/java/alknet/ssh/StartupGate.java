package alknet.ssh;

import alknet.api.Limits;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Admits unauthenticated connections (10-tunnel.md section 3, max startups): at most {@link Limits#maxStartupsPerIp}
 * per client address, and all together by {@link Startups} with random early drop, so one address can neither hold
 * every slot nor push others into the drop zone with the defaults. A connection holds its {@link Slot} from accept
 * until it authenticates or closes, whichever comes first; the slot is released exactly once.
 */
final class StartupGate {
    /** The answer for one connection. */
    sealed interface Admission permits Slot, Refusal {}

    /** One admitted connection's place; {@link #release} is idempotent. */
    static final class Slot implements Admission {
        private final StartupGate gate;
        private final String ip;
        private final AtomicBoolean held = new AtomicBoolean(true);

        private Slot(StartupGate gate, String ip) {
            this.gate = gate;
            this.ip = ip;
        }

        void release() {
            if (held.compareAndSet(true, false)) {
                gate.leave(ip);
            }
        }
    }

    /** Why a connection was refused: the reason of the log line and the metric. */
    record Refusal(String reason) implements Admission {}

    private final AtomicInteger total = new AtomicInteger();
    private final ConcurrentHashMap<String, Integer> perIp = new ConcurrentHashMap<>();

    /** A held slot, or a {@link Refusal}. */
    Admission enter(String ip, Limits limits) {
        if (!limits.startups().admits(total.get())) {
            return new Refusal("max-startups");
        }
        int cap = limits.maxStartupsPerIp();
        boolean[] admitted = {false};
        perIp.compute(ip, (k, n) -> {
            int current = n == null ? 0 : n;
            if (cap > 0 && current >= cap) {
                return n;
            }
            admitted[0] = true;
            return current + 1;
        });
        if (!admitted[0]) {
            return new Refusal("max-startups-per-ip");
        }
        total.incrementAndGet();
        return new Slot(this, ip);
    }

    private void leave(String ip) {
        total.decrementAndGet();
        perIp.computeIfPresent(ip, (k, n) -> n <= 1 ? null : n - 1);
    }

    int unauthenticated() {
        return total.get();
    }

    /** Addresses holding a slot: for tests that assert nothing is left behind. */
    int addressesHeld() {
        return perIp.size();
    }
}
