package alknet.pubsub;

import io.vertx.core.json.JsonArray;

import java.util.HashSet;
import java.util.Set;

/** The event types one subscription wants: all of them, or a listed set. */
record TypeFilter(Set<String> types) {
    static final TypeFilter ALL = new TypeFilter(null);

    /** @throws IllegalArgumentException when {@code types} is neither absent nor an array of strings */
    static TypeFilter parse(Object types) {
        if (types == null) {
            return ALL;
        }
        if (!(types instanceof JsonArray array) || !array.stream().allMatch(String.class::isInstance)) {
            throw new IllegalArgumentException("\"types\" must be an array of event type names, or absent for all types");
        }
        return new TypeFilter(new HashSet<>(array.getList()));
    }

    boolean all() {
        return types == null;
    }

    boolean accepts(String type) {
        return types == null || types.contains(type);
    }

    /** This filter without {@code removed}; null when nothing is left. */
    TypeFilter without(Set<String> removed) {
        Set<String> left = new HashSet<>(types);
        left.removeAll(removed);
        return left.isEmpty() ? null : new TypeFilter(left);
    }
}
