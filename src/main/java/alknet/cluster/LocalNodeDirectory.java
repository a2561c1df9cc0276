package alknet.cluster;

import io.vertx.core.Future;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** The directory of a head that is not clustered: its own workers only, in memory. */
public final class LocalNodeDirectory implements NodeDirectory {
    private final Map<String, WorkerRegistration> entries = new ConcurrentHashMap<>();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();

    @Override
    public Future<Claim> claim(WorkerRegistration registration) {
        WorkerRegistration[] previous = new WorkerRegistration[1];
        boolean[] granted = new boolean[1];
        entries.compute(registration.alias(), (alias, current) -> {
            previous[0] = current;
            granted[0] = current == null || current.identity().equals(registration.identity());
            return granted[0] ? registration : current;
        });
        if (granted[0]) {
            notify(registration.alias(), registration, previous[0]);
        }
        return Future.succeededFuture(new Claim(granted[0], previous[0]));
    }

    @Override
    public Future<Boolean> release(String alias, String registrationId) {
        WorkerRegistration current = entries.get(alias);
        boolean removed = current != null && current.registrationId().equals(registrationId)
                && entries.remove(alias, current);
        if (removed) {
            notify(alias, null, current);
        }
        return Future.succeededFuture(removed);
    }

    @Override
    public Future<Integer> releaseMember(String memberId) {
        int removed = 0;
        for (WorkerRegistration entry : List.copyOf(entries.values())) {
            if (entry.memberId().equals(memberId) && entries.remove(entry.alias(), entry)) {
                notify(entry.alias(), null, entry);
                removed++;
            }
        }
        return Future.succeededFuture(removed);
    }

    @Override
    public Optional<WorkerRegistration> get(String alias) {
        return Optional.ofNullable(entries.get(alias));
    }

    @Override
    public Future<Optional<WorkerRegistration>> fetch(String alias) {
        return Future.succeededFuture(get(alias));
    }

    @Override
    public Collection<WorkerRegistration> all() {
        return List.copyOf(entries.values());
    }

    @Override
    public void listen(Listener listener) {
        listeners.add(listener);
    }

    private void notify(String alias, WorkerRegistration now, WorkerRegistration before) {
        listeners.forEach(l -> l.changed(alias, now, before));
    }
}
