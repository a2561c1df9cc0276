package alknet.call.registry;

import alknet.api.OperationHandler;
import alknet.api.Operations;
import alknet.api.OperationSpec;
import alknet.api.SubscriptionHandler;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The operations a node serves (30-call-protocol.md section 3). Specs and handlers come separately, so code
 * outside the call layer adds operations without touching it; a name is registered once. Schemas are compiled
 * here, so a broken one fails at registration. Thread-safe.
 */
public final class OperationRegistry implements Operations {
    private final ConcurrentNavigableMap<String, RegisteredOperation> operations = new ConcurrentSkipListMap<>();

    /** Registers a query or mutation. @throws IllegalArgumentException on a duplicate name, wrong type or bad schema */
    @Override
    public void register(OperationSpec spec, OperationHandler handler) {
        Objects.requireNonNull(handler, "handler");
        if (spec.type().streams()) {
            throw new IllegalArgumentException(spec.name() + " is a subscription; register it with a SubscriptionHandler");
        }
        add(spec, handler, null);
    }

    /** Registers a subscription. @throws IllegalArgumentException on a duplicate name, wrong type or bad schema */
    @Override
    public void register(OperationSpec spec, SubscriptionHandler handler) {
        Objects.requireNonNull(handler, "handler");
        if (!spec.type().streams()) {
            throw new IllegalArgumentException(spec.name() + " is a " + spec.type().wireName()
                    + "; register it with an OperationHandler");
        }
        add(spec, null, handler);
    }

    private void add(OperationSpec spec, OperationHandler handler, SubscriptionHandler subscription) {
        RegisteredOperation operation = new RegisteredOperation(spec, handler, subscription,
                JsonSchemaCheck.compile(spec.inputSchema(), "inputSchema of " + spec.name()),
                JsonSchemaCheck.compile(spec.outputSchema(), "outputSchema of " + spec.name()));
        if (operations.putIfAbsent(spec.name(), operation) != null) {
            throw new IllegalArgumentException("operation " + spec.name() + " is already registered; unregister it first"
                    + " or pick another name");
        }
    }

    @Override
    public boolean unregister(String name) {
        return operations.remove(name) != null;
    }

    @Override
    public Optional<OperationSpec> spec(String name) {
        return Optional.ofNullable(operations.get(name)).map(RegisteredOperation::spec);
    }

    @Override
    public List<OperationSpec> specs() {
        return operations.values().stream().map(RegisteredOperation::spec).toList();
    }

    public int size() {
        return operations.size();
    }

    RegisteredOperation lookup(String name) {
        return operations.get(name);
    }
}
