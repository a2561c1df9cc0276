package alknet.outbound;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The services behind reserved {@code alknet-*} names. A name without a registered service is refused, whatever
 * the policy says: reserved names are never resolved or dialled (10-tunnel.md section 3).
 */
public final class ReservedTargets {
    private final Map<String, ReservedTarget> byName = new ConcurrentHashMap<>();

    public ReservedTargets register(ReservedTarget target) {
        String name = target.name().toLowerCase(Locale.ROOT);
        if (!name.startsWith("alknet-")) {
            throw new IllegalArgumentException("a reserved target's name starts with alknet-: " + name);
        }
        if (byName.putIfAbsent(name, target) != null) {
            throw new IllegalStateException("reserved target " + name + " is registered already");
        }
        return this;
    }

    public void unregister(ReservedTarget target) {
        byName.remove(target.name().toLowerCase(Locale.ROOT), target);
    }

    Optional<ReservedTarget> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }
}
