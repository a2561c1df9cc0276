package alknet.call.registry;

import alknet.api.Identity;
import alknet.api.AbortSignal;
import alknet.api.OperationEnv;
import alknet.call.operation.Route;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which {@link Route} serves each namespace (30-call-protocol.md section 4), chosen when the node is assembled;
 * a namespace without an entry runs locally. The same table backs every handler's {@link OperationEnv}.
 */
public final class OperationRoutes {
    private final Route local;
    private final Map<String, Route> byNamespace = new ConcurrentHashMap<>();

    OperationRoutes(Route local) {
        this.local = local;
    }

    /** Sends calls for {@code namespace} through {@code route} (event bus, remote node, ...). */
    public OperationRoutes route(String namespace, Route route) {
        byNamespace.put(Objects.requireNonNull(namespace, "namespace"), Objects.requireNonNull(route, "route"));
        return this;
    }

    public OperationRoutes removeRoute(String namespace) {
        byNamespace.remove(namespace);
        return this;
    }

    public Route local() {
        return local;
    }

    public Route routeFor(String namespace) {
        return byNamespace.getOrDefault(namespace, local);
    }

    /** An env for code outside any call (embedding, CLI): calls run as {@code caller}, without a parent. */
    public OperationEnv rootEnv(Identity caller) {
        return new RoutedOperationEnv(this, caller, null, null, 0);
    }

    OperationEnv envFor(Identity caller, String requestId, AbortSignal abort, long deadline) {
        return new RoutedOperationEnv(this, caller, requestId, abort, deadline);
    }
}
