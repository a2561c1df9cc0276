package alknet.api;

import java.util.List;
import java.util.Optional;

/**
 * A node's operations (30-call-protocol.md section 3): specs and handlers are registered apart from the core, so
 * an application adds its own without touching alknet. Calls are checked (access, then input schema) before a
 * handler runs.
 */
public interface Operations {
    /** Registers a query or mutation; a duplicate name, a wrong type or a bad schema is refused. */
    void register(OperationSpec spec, OperationHandler handler);

    /** Registers a subscription; a duplicate name, a wrong type or a bad schema is refused. */
    void register(OperationSpec spec, SubscriptionHandler handler);

    boolean unregister(String name);

    Optional<OperationSpec> spec(String name);

    /** Every spec, sorted by name. */
    List<OperationSpec> specs();
}
