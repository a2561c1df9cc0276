package alknet.cluster;

import io.vertx.core.Future;

import java.util.Collection;
import java.util.Optional;

/**
 * The {@code alknet-nodes} map (40-cluster-ops.md section 2): which worker alias is held by which identity, on which
 * head member. One per head; in cluster mode every head sees the same entries (a Hazelcast {@code IMap}), otherwise
 * the head's own. Reads come from a local view kept current by the map's events, so routing a call costs no
 * cluster round trip; writes are atomic per alias.
 */
public interface NodeDirectory {
    /** The outcome of a claim: granted (possibly replacing the same identity's entry) or denied. */
    record Claim(boolean granted, WorkerRegistration previous) {}

    /** Receives every change of an entry: {@code now} is null when it was removed, {@code before} when it is new. */
    interface Listener {
        void changed(String alias, WorkerRegistration now, WorkerRegistration before);
    }

    /**
     * Puts {@code registration} under its alias unless another identity holds it: an alias held by a live session of
     * another identity is refused; the same identity's entry is replaced whole.
     */
    Future<Claim> claim(WorkerRegistration registration);

    /** Removes the alias's entry if it is still {@code registrationId}'s (a takeover's entry stays). */
    Future<Boolean> release(String alias, String registrationId);

    /** Removes every entry held by {@code memberId} (a head that left); the count removed here. */
    Future<Integer> releaseMember(String memberId);

    /** The local view's entry: no cluster round trip, a few milliseconds behind other heads' writes. */
    Optional<WorkerRegistration> get(String alias);

    /** The entry as the map holds it now (a round trip in cluster mode), for an alias the local view lacks. */
    Future<Optional<WorkerRegistration>> fetch(String alias);

    Collection<WorkerRegistration> all();

    void listen(Listener listener);
}
