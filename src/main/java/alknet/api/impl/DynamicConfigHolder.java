package alknet.api.impl;

import java.util.concurrent.atomic.AtomicReference;

/** The current {@link DynamicConfig}; every decision reads it once, a reload swaps it atomically. */
public final class DynamicConfigHolder {
    private final AtomicReference<DynamicConfig> current;

    public DynamicConfigHolder(DynamicConfig initial) {
        this.current = new AtomicReference<>(initial);
    }

    public DynamicConfig get() {
        return current.get();
    }

    public void swap(DynamicConfig next) {
        current.set(next);
    }

    /** Replaces one part atomically (e.g. {@code c -> c.withForwarding(p)}), racing safely with other updates. */
    public void update(java.util.function.UnaryOperator<DynamicConfig> change) {
        current.updateAndGet(change);
    }
}
