package alknet.cluster;

import alknet.Addresses;
import alknet.api.AbortSignal;
import alknet.api.CallErrorCode;
import alknet.api.CallFailure;
import alknet.api.CallPeer;
import alknet.api.Identity;
import alknet.api.OperationSpec;
import alknet.call.env.BusAddresses;
import alknet.call.env.EventBusRoute;
import alknet.call.operation.CallRequest;
import alknet.call.operation.CallRouterOptions;
import alknet.call.operation.CallSink;
import alknet.call.operation.CallTarget;
import alknet.call.registry.ForwardedOperation;
import alknet.call.registry.ForwardedOperations;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where a call for {@code /{ALIAS}/{service}/{op}} goes from any head (40-cluster-ops.md section 2): the
 * {@code alknet-nodes} entry names the worker's operations and the head that holds its session. A call to a worker
 * held here goes straight to it; any other travels the clustered bus to that head's member address
 * ({@code alknet.head.<member>}), chosen from the entry rather than the bus's round robin, so a dead head's stale bus
 * registrations never receive a call. Calls waiting on a head that leaves fail at once with {@code UNAVAILABLE}.
 */
public final class WorkerRouter implements ForwardedOperations {
    private static final Logger LOG = LoggerFactory.getLogger("alknet.cluster");
    /** How long a departed alias answers UNAVAILABLE (retry) rather than OPERATION_NOT_FOUND. */
    private static final long DEPARTED_MEMORY_MILLIS = 60_000;

    private final Vertx vertx;
    private final NodeDirectory directory;
    private final ClusterMembers members;
    private final HeldWorkers held;
    private final CallRouterOptions options;
    private final ClusterMetrics metrics;
    private final InFlightCalls inFlight = new InFlightCalls();
    private final Map<String, CompiledWorker> compiled = new ConcurrentHashMap<>();
    private final Map<String, EventBusRoute> routes = new ConcurrentHashMap<>();
    private final Map<String, Long> departed = new ConcurrentHashMap<>();

    public WorkerRouter(Vertx vertx, NodeDirectory directory, ClusterMembers members, HeldWorkers held,
                        CallRouterOptions options, ClusterMetrics metrics) {
        this.vertx = vertx;
        this.directory = directory;
        this.members = members;
        this.held = held;
        this.options = new CallRouterOptions(options);
        this.metrics = metrics;
        directory.listen(this::changed);
        members.onMemberLeft(this::memberLeft);
    }

    /** A worker's operations under their full names, compiled once per registration. */
    private record CompiledWorker(String registrationId, Map<String, ForwardedOperation> byName,
                                  List<OperationSpec> specs) {}

    @Override
    public Future<Optional<ForwardedOperation>> lookup(String operationId) {
        String alias = OperationPaths.alias(operationId);
        if (alias == null) {
            return Future.succeededFuture(Optional.empty());
        }
        Optional<WorkerRegistration> known = directory.get(alias);
        if (known.isPresent()) {
            return Future.succeededFuture(operation(known.get(), operationId));
        }
        // The view may catch up while the map is asked (a worker registering again): whichever knows it answers.
        return directory.fetch(alias).map(found -> found.or(() -> directory.get(alias))
                .flatMap(r -> operation(r, operationId)));
    }

    private Optional<ForwardedOperation> operation(WorkerRegistration registration, String operationId) {
        return Optional.ofNullable(compiledFor(registration).byName().get(operationId));
    }

    @Override
    public List<OperationSpec> specs() {
        List<OperationSpec> all = new ArrayList<>();
        directory.all().forEach(r -> all.addAll(compiledFor(r).specs()));
        return all;
    }

    @Override
    public Optional<CallFailure> unavailable(String operationId) {
        String alias = OperationPaths.alias(operationId);
        Long left = alias == null ? null : departed.get(alias);
        if (left == null || System.currentTimeMillis() - left > DEPARTED_MEMORY_MILLIS) {
            return Optional.empty();
        }
        Optional<WorkerRegistration> again = directory.get(alias);
        if (again.isPresent()) {
            // Registered again while the call was looked up: a retry finds it, unless it came back without the operation.
            return operation(again.get(), operationId).isEmpty() ? Optional.empty() : Optional.of(CallFailure.of(
                    CallErrorCode.UNAVAILABLE, "worker " + alias + " registered again a moment ago; retry"));
        }
        return Optional.of(CallFailure.of(CallErrorCode.UNAVAILABLE, "worker " + alias + " is not registered right now"
                + " (it left " + (System.currentTimeMillis() - left) / 1000 + " s ago and may be reconnecting); retry"));
    }

    private CompiledWorker compiledFor(WorkerRegistration registration) {
        CompiledWorker current = compiled.get(registration.alias());
        if (current != null && current.registrationId().equals(registration.registrationId())) {
            return current;
        }
        CompiledWorker fresh = compile(registration);
        compiled.put(registration.alias(), fresh);
        return fresh;
    }

    private CompiledWorker compile(WorkerRegistration registration) {
        Map<String, ForwardedOperation> byName = new ConcurrentHashMap<>();
        List<OperationSpec> specs = new ArrayList<>();
        CallTarget hop = new WorkerHop(registration.alias(), registration.memberId());
        for (OperationSpec spec : registration.specs()) {
            try {
                OperationSpec full = new OperationSpec("/" + registration.alias() + spec.name(), registration.alias(),
                        spec.type(), spec.inputSchema(), spec.outputSchema(), spec.accessControl(), spec.description(),
                        spec.version());
                byName.put(full.name(), ForwardedOperation.of(full, hop));
                specs.add(full);
            } catch (IllegalArgumentException e) {
                LOG.warn("worker alias={} operation skipped: {}", registration.alias(), e.getMessage());
            }
        }
        return new CompiledWorker(registration.registrationId(), byName, List.copyOf(specs));
    }

    /**
     * A departure is remembered for its 60 s even when the alias registers again: a lookup that missed the new entry by
     * a moment then still answers a retryable UNAVAILABLE, not OPERATION_NOT_FOUND.
     */
    private void changed(String alias, WorkerRegistration now, WorkerRegistration before) {
        if (now == null) {
            compiled.remove(alias);
            departed.put(alias, System.currentTimeMillis());
            departed.entrySet().removeIf(e -> System.currentTimeMillis() - e.getValue() > DEPARTED_MEMORY_MILLIS);
        }
    }

    private void memberLeft(String memberId) {
        routes.remove(memberId);
        int failed = inFlight.failAll(memberId, CallFailure.of(CallErrorCode.UNAVAILABLE, "the head holding the"
                + " worker left the cluster; retry (the worker reconnects to another head)"));
        if (failed > 0) {
            LOG.info("calls failed with UNAVAILABLE after a head left count={}", failed);
        }
    }

    /** Calls waiting on another head right now. */
    public int inFlight() {
        return inFlight.size();
    }

    /** The hop to one worker's head: straight to the held worker here, else over the bus to its head. */
    private final class WorkerHop implements CallTarget {
        private final String alias;
        private final String memberId;

        WorkerHop(String alias, String memberId) {
            this.alias = alias;
            this.memberId = memberId;
        }

        @Override
        public void dispatch(Identity caller, CallPeer origin, CallRequest request, AbortSignal abort, CallSink sink) {
            if (memberId.equals(members.localId())) {
                held.dispatch(caller, origin, new CallRequest(request.requestId(), request.operationId(),
                        request.input(), request.deadline(), request.idleTimeout(), request.requestId(),
                        request.metadata()), abort, sink);
                return;
            }
            if (!members.isMember(memberId)) {
                sink.failed(CallFailure.of(CallErrorCode.UNAVAILABLE, "the head holding worker " + alias
                        + " left the cluster; retry (the worker reconnects to another head)"));
                return;
            }
            EventBusRoute route = routes.computeIfAbsent(memberId, m -> new EventBusRoute(vertx,
                    new BusAddresses(Addresses.head(m), Addresses.headAbort(m), "the head of worker " + alias), options));
            AbortSignal forward = new AbortSignal();
            CallSink tracked = inFlight.track(memberId, metrics.timedHop(sink), abort, forward);
            var callOptions = ForwardedCall.options(request, request.requestId(), forward);
            if (isSubscription(request.operationId())) {
                ForwardedCall.feed(route.subscribe(caller, request.operationId(), request.input(), callOptions), tracked);
            } else {
                ForwardedCall.feed(route.invoke(caller, request.operationId(), request.input(), callOptions), tracked);
            }
        }

        private boolean isSubscription(String operationId) {
            CompiledWorker worker = compiled.get(alias);
            ForwardedOperation operation = worker == null ? null : worker.byName().get(operationId);
            return operation != null && operation.spec().type().streams();
        }
    }
}
