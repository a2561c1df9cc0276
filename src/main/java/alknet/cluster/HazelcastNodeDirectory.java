package alknet.cluster;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryEvictedListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The {@code alknet-nodes} Hazelcast {@code IMap} shared by every head (40-cluster-ops.md section 2). Values are the
 * entries' JSON text. Claims are compare-and-set loops on the alias's entry, so two heads racing for one alias never
 * both win; map calls block, so they run on worker threads. The local view changes only through the map's entry
 * events, which come in order per alias, so it never goes back to an older entry; {@link #fetch} covers the
 * milliseconds before a fresh entry shows up in it.
 */
public final class HazelcastNodeDirectory implements NodeDirectory {
    public static final String MAP_NAME = "alknet-nodes";
    private static final Logger LOG = LoggerFactory.getLogger(HazelcastNodeDirectory.class);

    private final Vertx vertx;
    private final IMap<String, String> map;
    private final Map<String, WorkerRegistration> view = new ConcurrentHashMap<>();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private UUID listenerId;

    private HazelcastNodeDirectory(Vertx vertx, IMap<String, String> map) {
        this.vertx = vertx;
        this.map = map;
    }

    /** Subscribes to the map's events, then loads what it holds (blocking: call it off the event loop). */
    public static HazelcastNodeDirectory open(Vertx vertx, HazelcastInstance hazelcast) {
        HazelcastNodeDirectory directory = new HazelcastNodeDirectory(vertx, hazelcast.getMap(MAP_NAME));
        directory.listenerId = directory.map.addEntryListener(directory.new Events(), true);
        directory.map.forEach((alias, text) -> directory.parse(text).ifPresent(r -> directory.view.putIfAbsent(alias, r)));
        return directory;
    }

    @Override
    public Future<Claim> claim(WorkerRegistration registration) {
        String text = registration.toJsonText();
        return vertx.executeBlocking(() -> {
            while (true) {
                String current = map.get(registration.alias());
                if (current == null) {
                    if (map.putIfAbsent(registration.alias(), text) == null) {
                        return new Claim(true, null);
                    }
                    continue;
                }
                WorkerRegistration holder = parse(current).orElse(null);
                if (holder != null && !holder.identity().equals(registration.identity())) {
                    return new Claim(false, holder);
                }
                if (map.replace(registration.alias(), current, text)) {
                    return new Claim(true, holder);
                }
            }
        }, false);
    }

    @Override
    public Future<Boolean> release(String alias, String registrationId) {
        return vertx.executeBlocking(() -> {
            String current = map.get(alias);
            return current != null
                    && parse(current).map(r -> r.registrationId().equals(registrationId)).orElse(false)
                    && map.remove(alias, current);
        }, false);
    }

    @Override
    public Future<Integer> releaseMember(String memberId) {
        return vertx.executeBlocking(() -> {
            int removed = 0;
            for (Map.Entry<String, String> entry : map.entrySet()) {
                boolean held = parse(entry.getValue()).map(r -> r.memberId().equals(memberId)).orElse(false);
                if (held && map.remove(entry.getKey(), entry.getValue())) {
                    removed++;
                }
            }
            return removed;
        }, false);
    }

    @Override
    public Optional<WorkerRegistration> get(String alias) {
        return Optional.ofNullable(view.get(alias));
    }

    @Override
    public Future<Optional<WorkerRegistration>> fetch(String alias) {
        WorkerRegistration known = view.get(alias);
        if (known != null) {
            return Future.succeededFuture(Optional.of(known));
        }
        return vertx.executeBlocking(() -> {
            String current = map.get(alias);
            return current == null ? Optional.<WorkerRegistration>empty() : parse(current);
        }, false);
    }

    @Override
    public Collection<WorkerRegistration> all() {
        return List.copyOf(view.values());
    }

    @Override
    public void listen(Listener listener) {
        listeners.add(listener);
    }

    /** Stops following the map (blocking). */
    public void close() {
        if (listenerId != null) {
            map.removeEntryListener(listenerId);
        }
    }

    private Optional<WorkerRegistration> parse(String text) {
        try {
            return Optional.of(WorkerRegistration.fromJsonText(text));
        } catch (IllegalArgumentException e) {
            LOG.warn("ignoring an alknet-nodes entry this version cannot read: {}", e.getMessage());
            return Optional.empty();
        }
    }

    /** Map events arrive on Hazelcast's event threads, in order per alias. */
    private final class Events implements EntryAddedListener<String, String>, EntryUpdatedListener<String, String>,
            EntryRemovedListener<String, String>, EntryEvictedListener<String, String> {
        @Override
        public void entryAdded(EntryEvent<String, String> event) {
            put(event);
        }

        @Override
        public void entryUpdated(EntryEvent<String, String> event) {
            put(event);
        }

        @Override
        public void entryRemoved(EntryEvent<String, String> event) {
            remove(event.getKey());
        }

        @Override
        public void entryEvicted(EntryEvent<String, String> event) {
            remove(event.getKey());
        }

        private void put(EntryEvent<String, String> event) {
            parse(event.getValue()).ifPresent(now -> viewPut(event.getKey(), now));
        }

        private void remove(String alias) {
            WorkerRegistration before = view.remove(alias);
            if (before != null) {
                listeners.forEach(l -> l.changed(alias, null, before));
            }
        }
    }

    /** Updates the view and tells the listeners. */
    private void viewPut(String alias, WorkerRegistration now) {
        WorkerRegistration before = view.put(alias, now);
        listeners.forEach(l -> l.changed(alias, now, before));
    }
}
