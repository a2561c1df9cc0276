package alknet.cluster;

import alknet.api.AlknetSession;
import alknet.api.CallErrorCode;
import alknet.api.CallFailure;
import alknet.api.CallOptions;
import alknet.api.OperationSpec;
import alknet.log.LogLine;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A worker's side of registration (40-cluster-ops.md section 2): registers the session's operations under the
 * worker's name with {@code /head/services/register} each time the session comes up and when they change, then
 * calls {@code /head/heartbeat} every interval. A lost heartbeat registers again at once; a refusal or an unreachable
 * head is retried with {@link WorkerRetry} (after {@code ACCESS_DENIED} on a new session: rights are read at login);
 * {@code superseded} (the same identity took the name over from another
 * session) and a {@code VALIDATION_ERROR} stop the loop for good ({@link #fatal()}).
 * Runs on its own context; uses the embedding API only, so an application's worker runs the same loop as the CLI.
 */
public final class WorkerLoop extends VerticleBase {
    public static final String REGISTER = "/head/services/register";
    public static final String HEARTBEAT = "/head/heartbeat";
    /** Operations registered in a burst (an application starting up) go to the head in one registration. */
    static final long CHANGE_DEBOUNCE_MS = 100;
    private static final Duration MIN_CALL_TIMEOUT = Duration.ofSeconds(5);
    private static final Logger STATUS = LoggerFactory.getLogger("alknet.status");

    private final AlknetSession session;
    private final String name;
    private final Duration heartbeat;
    private final Supplier<String> head;
    private final Runnable renewSession;
    private final CallOptions callOptions;
    private final WorkerRetry retry = new WorkerRetry();
    private final Promise<Void> first = Promise.promise();
    private final Promise<Void> fatal = Promise.promise();

    private volatile boolean registered;
    private boolean stopped;
    private boolean registering;
    /** Registration asked for while one was under way: run another when it ends. */
    private boolean again;
    private boolean beating;
    /** Counts sessions: an answer that arrives after a newer session came up is about the old one. */
    private int epoch;
    /** The specs the head holds now (null: none), so an unchanged registry is not registered twice. */
    private JsonArray held;
    private long heartbeatTimer = -1;
    private long retryTimer = -1;
    private long changeTimer = -1;

    /**
     * @param session   the client session to a head; its {@link AlknetSession#registry()} is what gets registered
     * @param name      the alias, already checked ({@link alknet.api.WorkerOptions#checkName})
     * @param heartbeat 1 to 60 whole seconds
     * @param head      {@code host:port} of the head the session is connected to, for status lines
     * @param renewSession ends the session and logs in again at once
     */
    public WorkerLoop(AlknetSession session, String name, Duration heartbeat, Supplier<String> head,
                      Runnable renewSession) {
        this.session = Objects.requireNonNull(session, "session");
        this.name = Objects.requireNonNull(name, "name");
        this.heartbeat = Objects.requireNonNull(heartbeat, "heartbeat");
        this.head = Objects.requireNonNull(head, "head");
        this.renewSession = Objects.requireNonNull(renewSession, "renewSession");
        Duration timeout = heartbeat.compareTo(MIN_CALL_TIMEOUT) < 0 ? MIN_CALL_TIMEOUT : heartbeat;
        this.callOptions = CallOptions.DEFAULT.timeout(timeout);
    }

    @Override
    public Future<?> start() {
        session.firstSession().onFailure(this::stopFor);
        session.fatal().onFailure(this::stopFor);
        session.onSessionUp(v -> onLoop(this::sessionUp));
        return Future.succeededFuture();
    }

    @Override
    public Future<?> stop() {
        halt();
        first.tryFail(new IllegalStateException("worker " + name + " closed before a head accepted its registration"));
        return Future.succeededFuture();
    }

    /** True while the session is up and the head holds the current registration. */
    public boolean registered() {
        return registered && session.connected();
    }

    /** Completes at the first accepted registration; fails when the loop stops for good before. */
    public Future<Void> firstRegistration() {
        return first.future();
    }

    /** Fails with the reason when the loop stops for good ({@link WorkerSupersededException}, a VALIDATION_ERROR). */
    public Future<Void> fatal() {
        return fatal.future();
    }

    /** Tell the loop the registry changed: the operations are registered again after a short quiet period. */
    public void operationsChanged() {
        onLoop(() -> {
            if (changeTimer != -1) {
                vertx.cancelTimer(changeTimer);
            }
            changeTimer = vertx.setTimer(CHANGE_DEBOUNCE_MS, id -> {
                changeTimer = -1;
                if (!stopped && !specs().equals(held)) {
                    requestRegistration();
                }
            });
        });
    }

    /** A new session: the head knows nothing of this one yet. */
    private void sessionUp() {
        epoch++;
        registered = false;
        held = null;
        cancelHeartbeats();
        register();
    }

    /** Registers now when the session is up; a session coming up registers anyway. */
    private void requestRegistration() {
        if (session.connected()) {
            register();
        }
    }

    private void register() {
        if (registering) {
            again = true;
            return;
        }
        cancelRetry();
        registering = true;
        JsonArray specs = specs();
        JsonObject input = new JsonObject().put("node", name).put("operations", specs)
                .put("heartbeatSeconds", heartbeat.toSeconds());
        int at = epoch;
        session.call(REGISTER, input, callOptions).onComplete(ar -> onLoop(() -> registrationEnded(ar, specs, at)));
    }

    private JsonArray specs() {
        JsonArray specs = new JsonArray();
        List<OperationSpec> all = session.registry().specs();
        all.forEach(spec -> specs.add(spec.toJson()));
        return specs;
    }

    private void registrationEnded(AsyncResult<Object> ar, JsonArray specs, int at) {
        registering = false;
        if (at != epoch) {
            again = false;
            register(); // a new session came up meanwhile: register on it
            return;
        }
        if (ar.succeeded()) {
            registered = true;
            held = specs;
            retry.reset();
            STATUS.info(LogLine.of("worker registered").kv("name", name).kv("head", String.valueOf(head.get()))
                    .kv("operations", specs.size()).toString());
            first.tryComplete();
            startHeartbeats();
            if (again) {
                again = false;
                operationsChanged(); // registers only if something changed since
            }
            return;
        }
        registered = false;
        held = null;
        CallFailure failure = CallFailure.from(ar.cause());
        if (failure.is(CallErrorCode.VALIDATION_ERROR)) {
            STATUS.error(refusal(failure).toString());
            stopFor(failure);
            return;
        }
        again = false;
        Duration delay = retry.next();
        String retryIn = String.format(Locale.ROOT, "%.1fs", delay.toMillis() / 1000.0);
        boolean denied = failure.is(CallErrorCode.ACCESS_DENIED);
        if (denied) {
            // An operator may grant the name (authorized_keys options, then a reload): keep asking, slowly, each time
            // with a new session, since the head reads a session's rights once, at login.
            STATUS.warn(refusal(failure).kv("retry_in", retryIn).toString());
        } else {
            STATUS.info(LogLine.of("worker registration failed").kv("code", failure.code())
                    .kv("reason", failure.getMessage()).kv("retry_in", retryIn).toString());
        }
        retryTimer = vertx.setTimer(Math.max(1, delay.toMillis()), id -> {
            retryTimer = -1;
            if (denied && session.connected()) {
                renewSession.run(); // the new session registers when it comes up
            } else {
                requestRegistration();
            }
        });
    }

    private static LogLine refusal(CallFailure failure) {
        return LogLine.of("worker registration refused").kv("code", failure.code()).kv("reason", failure.getMessage());
    }

    private void startHeartbeats() {
        cancelHeartbeats();
        heartbeatTimer = vertx.setPeriodic(heartbeat.toMillis(), id -> beat());
    }

    private void beat() {
        if (beating || registering || stopped) {
            return;
        }
        beating = true;
        int at = epoch;
        session.call(HEARTBEAT, new JsonObject().put("node", name), callOptions)
                .onComplete(ar -> onLoop(() -> beaten(ar, at)));
    }

    private void beaten(AsyncResult<Object> ar, int at) {
        beating = false;
        if (at != epoch || heartbeatTimer == -1) {
            return; // about an older session, or registration is being redone already
        }
        if (ar.succeeded() && ar.result() instanceof JsonObject reply && Boolean.TRUE.equals(reply.getValue("registered"))) {
            return;
        }
        String reason = ar.failed() ? CallFailure.from(ar.cause()).code()
                : ar.result() instanceof JsonObject reply && reply.getValue("reason") instanceof String r ? r : "unknown";
        if ("superseded".equals(reason)) {
            STATUS.warn(LogLine.of("worker superseded; stopping").kv("name", name)
                    .kv("reason", "another session of the same identity registered this name").toString());
            stopFor(new WorkerSupersededException(name));
            return;
        }
        STATUS.info(LogLine.of("worker heartbeat lost; registering again").kv("name", name).kv("reason", reason).toString());
        registered = false;
        held = null;
        cancelHeartbeats();
        requestRegistration();
    }

    /** Stops for good: no more registrations or heartbeats; the session stays up (its owner closes it). */
    private void stopFor(Throwable reason) {
        onLoop(() -> {
            halt();
            first.tryFail(reason);
            fatal.tryFail(reason);
        });
    }

    private void halt() {
        stopped = true;
        registered = false;
        cancelHeartbeats();
        cancelRetry();
        if (changeTimer != -1) {
            vertx.cancelTimer(changeTimer);
            changeTimer = -1;
        }
    }

    private void cancelHeartbeats() {
        if (heartbeatTimer != -1) {
            vertx.cancelTimer(heartbeatTimer);
            heartbeatTimer = -1;
        }
    }

    private void cancelRetry() {
        if (retryTimer != -1) {
            vertx.cancelTimer(retryTimer);
            retryTimer = -1;
        }
    }

    /** Every state change runs on this verticle's context; nothing runs once the loop stopped. */
    private void onLoop(Runnable action) {
        if (context == null) {
            return; // not deployed yet: start() registers whatever is there by then
        }
        context.runOnContext(v -> {
            if (!stopped) {
                action.run();
            }
        });
    }
}
