package alknet.cluster;

import alknet.Addresses;
import alknet.api.AbortSignal;
import alknet.api.CallErrorCode;
import alknet.api.CallFailure;
import alknet.api.CallPeer;
import alknet.api.Identity;
import alknet.api.OperationSpec;
import alknet.call.env.BusAddresses;
import alknet.call.env.EventBusService;
import alknet.call.operation.CallRequest;
import alknet.call.operation.CallSink;
import alknet.call.operation.CallTarget;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The workers whose sessions this head holds (40-cluster-ops.md section 2): registration through the
 * {@link NodeDirectory}, the heartbeat deadline (3 missed beats), the {@code alknet.node.<ALIAS>} consumer, and the
 * last hop of a routed call: the alias is stripped and the call goes on over the worker's control connection. A
 * worker is dropped when its session closes, its heartbeats stop, another session of the same identity takes the
 * alias over, or this head shuts down.
 */
public final class HeldWorkers implements CallTarget {
    private static final Logger LOG = LoggerFactory.getLogger("alknet.cluster");
    static final int MISSED_BEATS = 3;

    private final Vertx vertx;
    private final NodeDirectory directory;
    private final ClusterMembers members;
    private final RegistrationRate rate;
    private final Map<String, HeldWorker> byAlias = new ConcurrentHashMap<>();
    private final Map<CallPeer, HeldWorker> byConnection = new ConcurrentHashMap<>();
    /** Calls on their way to a worker, by registration id: they fail when the registration ends. */
    private final InFlightCalls inFlight = new InFlightCalls();

    public HeldWorkers(Vertx vertx, NodeDirectory directory, ClusterMembers members, RegistrationRate rate) {
        this.vertx = vertx;
        this.directory = directory;
        this.members = members;
        this.rate = rate;
    }

    /** What {@code /head/heartbeat} answers. */
    public enum Beat { REGISTERED, EXPIRED, SUPERSEDED, UNKNOWN }

    /**
     * Registers {@code connection}'s worker as {@code alias} with {@code specs} (worker-relative names). Fails with a
     * {@link CallFailure}: {@code ACCESS_DENIED} when another identity holds the alias, {@code VALIDATION_ERROR}
     * when the session is registered under another alias, {@code UNAVAILABLE} when it registers too often.
     */
    public Future<WorkerRegistration> register(Identity identity, CallPeer connection, String alias,
                                               List<OperationSpec> specs, Duration heartbeat) {
        HeldWorker current = byConnection.get(connection);
        if (current != null && current.state() == Beat.REGISTERED && !current.alias().equals(alias)) {
            return Future.failedFuture(CallFailure.of(CallErrorCode.VALIDATION_ERROR, "this session is registered as "
                    + current.alias() + "; one session holds one alias: open another session for " + alias));
        }
        Optional<Duration> wait = rate.admit(connection);
        if (wait.isPresent()) {
            return Future.failedFuture(CallFailure.of(CallErrorCode.UNAVAILABLE, "too many registrations from this"
                    + " session (" + rate.describe() + "); retry in " + Math.max(1, wait.get().toSeconds()) + " s"));
        }
        WorkerRegistration registration = new WorkerRegistration(alias, identity.id(), members.localId(),
                UUID.randomUUID().toString(), System.currentTimeMillis(), specs);
        HeldWorker held = new HeldWorker(registration, connection, heartbeat);
        return directory.claim(registration).compose(claim -> {
            if (!claim.granted()) {
                return Future.failedFuture(CallFailure.of(CallErrorCode.ACCESS_DENIED, "alias " + alias
                        + " is held by a live session of another identity; pick another --name"));
            }
            if (!connection.isOpen()) {
                directory.release(alias, registration.registrationId());
                return Future.failedFuture(CallFailure.of(CallErrorCode.UNAVAILABLE, "the session closed while"
                        + " registering"));
            }
            adopt(held, claim.previous());
            return held.bindAliasConsumer().map(registration);
        });
    }

    private void adopt(HeldWorker held, WorkerRegistration previous) {
        HeldWorker replacedHere = byAlias.put(held.alias(), held);
        if (replacedHere != null && replacedHere != held) {
            replacedHere.retire(replacedHere.connection == held.connection ? Beat.UNKNOWN : Beat.SUPERSEDED);
        }
        HeldWorker before = byConnection.put(held.connection, held);
        if (before == null) {
            held.connection.closed().onComplete(v -> connectionClosed(held.connection));
        }
        if (previous != null && !previous.memberId().equals(members.localId())) {
            // The alias moved here from another head: tell it to let go of the old session's registration.
            vertx.eventBus().send(Addresses.headSuperseded(previous.memberId()),
                    new JsonObject().put("alias", previous.alias()).put("registrationId", previous.registrationId()));
        }
        held.armHeartbeat();
        LOG.info("worker registered alias={} operations={} heartbeat={}s", held.alias(),
                held.registration.specs().size(), held.heartbeat.toSeconds());
    }

    /** Another head took {@code alias} over for a new session of the same identity. */
    public void superseded(String alias, String registrationId) {
        HeldWorker held = byAlias.get(alias);
        if (held != null && held.registration.registrationId().equals(registrationId)) {
            byAlias.remove(alias, held);
            held.retire(Beat.SUPERSEDED);
        }
    }

    /** A heartbeat from {@code connection} for {@code alias}. */
    public Beat heartbeat(CallPeer connection, String alias) {
        HeldWorker held = byConnection.get(connection);
        if (held == null || !held.alias().equals(alias)) {
            return Beat.UNKNOWN;
        }
        if (held.state() == Beat.REGISTERED) {
            held.armHeartbeat();
        }
        return held.state();
    }

    private void connectionClosed(CallPeer connection) {
        HeldWorker held = byConnection.remove(connection);
        if (held != null && byAlias.remove(held.alias(), held)) {
            held.retire(Beat.UNKNOWN);
            directory.release(held.alias(), held.registration.registrationId());
            LOG.info("worker gone alias={} reason=session-closed", held.alias());
        }
    }

    private void expired(HeldWorker held) {
        if (byAlias.remove(held.alias(), held)) {
            held.retire(Beat.EXPIRED);
            directory.release(held.alias(), held.registration.registrationId());
            LOG.info("worker gone alias={} reason=heartbeat-lost missed={}", held.alias(), MISSED_BEATS);
        }
    }

    /** Lets every worker go (shutdown): the entries leave the directory so no head routes here any more. */
    public Future<Void> releaseAll() {
        List<Future<Boolean>> releases = byAlias.values().stream().map(held -> {
            held.retire(Beat.UNKNOWN);
            return directory.release(held.alias(), held.registration.registrationId());
        }).toList();
        byAlias.clear();
        return Future.join(releases).mapEmpty();
    }

    /** Workers held here right now. */
    public int size() {
        return byAlias.size();
    }

    /**
     * The last hop: {@code /ALIAS/service/op} goes on to the worker as {@code /service/op}, with the caller's request
     * id as parent. The caller's access was checked where the call entered the cluster; it is checked again here for
     * senders that address {@code alknet.node.<ALIAS>} directly.
     */
    @Override
    public void dispatch(Identity caller, CallPeer origin, CallRequest request, AbortSignal abort, CallSink sink) {
        String operationId = request.operationId();
        String alias = OperationPaths.alias(operationId);
        HeldWorker held = alias == null ? null : byAlias.get(alias);
        if (held == null || held.state() != Beat.REGISTERED) {
            sink.failed(CallFailure.of(CallErrorCode.UNAVAILABLE, "worker " + alias + " is not connected to this head"
                    + " (it moved or left); retry"));
            return;
        }
        String local = operationId.substring(alias.length() + 1);
        OperationSpec spec = held.spec(local);
        if (spec == null) {
            sink.failed(CallFailure.of(CallErrorCode.OPERATION_NOT_FOUND, "worker " + alias + " has no operation "
                    + local + "; /services/list shows the operations you may call"));
            return;
        }
        if (!spec.accessControl().permits(caller)) {
            sink.failed(CallFailure.of(CallErrorCode.ACCESS_DENIED, operationId + " requires "
                    + spec.accessControl().describe()));
            return;
        }
        String parent = request.parentRequestId() != null ? request.parentRequestId() : request.requestId();
        AbortSignal forward = new AbortSignal();
        CallSink tracked = inFlight.track(held.registration.registrationId(), sink, abort, forward);
        var options = ForwardedCall.options(request, parent, forward);
        if (spec.type().streams()) {
            ForwardedCall.feed(held.connection.subscribe(local, request.input(), options), tracked);
        } else {
            ForwardedCall.feed(held.connection.call(local, request.input(), options), tracked);
        }
    }

    /** One worker session's registration on this head. */
    private final class HeldWorker {
        private final WorkerRegistration registration;
        private final CallPeer connection;
        private final Duration heartbeat;
        private final Map<String, OperationSpec> specs = new ConcurrentHashMap<>();
        private volatile Beat state = Beat.REGISTERED;
        private volatile long timer = -1;
        private volatile Future<EventBusService> aliasService;

        HeldWorker(WorkerRegistration registration, CallPeer connection, Duration heartbeat) {
            this.registration = registration;
            this.connection = connection;
            this.heartbeat = heartbeat;
            registration.specs().forEach(s -> specs.put(s.name(), s));
        }

        String alias() {
            return registration.alias();
        }

        Beat state() {
            return state;
        }

        OperationSpec spec(String name) {
            return specs.get(name);
        }

        Future<EventBusService> bindAliasConsumer() {
            aliasService = EventBusService.bind(vertx, new BusAddresses(Addresses.node(alias()),
                    Addresses.nodeAbort(alias()), "worker " + alias()), HeldWorkers.this, false);
            return aliasService;
        }

        synchronized void armHeartbeat() {
            if (timer >= 0) {
                vertx.cancelTimer(timer);
            }
            timer = vertx.setTimer(heartbeat.toMillis() * MISSED_BEATS, id -> expired(this));
        }

        synchronized void retire(Beat why) {
            if (state != Beat.REGISTERED) {
                return;
            }
            state = why;
            if (timer >= 0) {
                vertx.cancelTimer(timer);
            }
            inFlight.failAll(registration.registrationId(), CallFailure.of(CallErrorCode.UNAVAILABLE, "worker "
                    + alias() + " left this head (" + why.name().toLowerCase(java.util.Locale.ROOT) + "); retry"));
            Future<EventBusService> service = aliasService;
            if (service != null) {
                service.onSuccess(EventBusService::unbind);
            }
            if (why == Beat.SUPERSEDED) {
                LOG.info("worker alias={} taken over by a new session of the same identity", alias());
            }
        }
    }
}
