package alknet.call;

import alknet.api.CallErrorCode;
import alknet.api.CallFailure;
import alknet.call.frame.Envelope;
import alknet.call.frame.FrameTooLargeException;
import alknet.api.CallOptions;
import alknet.call.operation.CallRequest;
import alknet.call.operation.CallRouterOptions;
import alknet.api.CallSubscription;
import alknet.call.operation.PendingCall;
import alknet.call.operation.PendingSubscription;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The caller side of one connection: its pending map (30-call-protocol.md section 2). Each entry settles once,
 * by the callee's answer, its deadline or idle timer, an abort, or the connection closing ({@code UNAVAILABLE}),
 * and leaves the map when it does. Safe to call from any thread; frames go out on the connection's context.
 */
final class OutgoingCalls {
    private final Vertx vertx;
    private final CallConnection connection;
    private final CallRouterOptions options;
    private final Map<String, PendingCall> calls = new ConcurrentHashMap<>();
    private final Map<String, PendingSubscription> subscriptions = new ConcurrentHashMap<>();

    OutgoingCalls(Vertx vertx, CallConnection connection, CallRouterOptions options) {
        this.vertx = vertx;
        this.connection = connection;
        this.options = options;
    }

    Future<Object> call(String operationId, Object input, CallOptions callOptions) {
        String requestId = UUID.randomUUID().toString();
        long deadline = callOptions.resolveDeadline(System.currentTimeMillis(), false, options.defaultTimeout());
        PendingCall call = PendingCall.start(vertx, requestId, operationId, deadline, callOptions.parentAbort(),
                reason -> connection.send(CallEnvelopes.aborted(requestId)), () -> calls.remove(requestId));
        calls.put(requestId, call);
        // The close path sets "closed" before it empties the map, so one of the two sees this entry.
        if (call.settled() || !connection.isOpen()) {
            calls.remove(requestId);
            call.fail(closedFailure());
            return call.future();
        }
        send(new CallRequest(requestId, operationId, input, deadline, 0, callOptions.parentRequestId(),
                callOptions.metadata()), call::fail);
        return call.future();
    }

    CallSubscription subscribe(String operationId, Object input, CallOptions callOptions) {
        String requestId = UUID.randomUUID().toString();
        long deadline = callOptions.resolveDeadline(System.currentTimeMillis(), true, options.defaultTimeout());
        PendingSubscription subscription = PendingSubscription.start(vertx, requestId, operationId, deadline,
                callOptions.idleTimeoutMillis(), callOptions.parentAbort(), options.subscriptionBuffer(),
                reason -> connection.send(CallEnvelopes.aborted(requestId)), () -> subscriptions.remove(requestId));
        subscriptions.put(requestId, subscription);
        if (subscription.settled() || !connection.isOpen()) {
            subscriptions.remove(requestId);
            subscription.fail(closedFailure());
            return subscription.stream();
        }
        send(new CallRequest(requestId, operationId, input, deadline, callOptions.idleTimeoutMillis(),
                callOptions.parentRequestId(), callOptions.metadata()), subscription::fail);
        return subscription.stream();
    }

    private void send(CallRequest request, Consumer<CallFailure> onFailure) {
        connection.send(CallEnvelopes.requested(request)).onFailure(e -> onFailure.accept(
                e instanceof FrameTooLargeException tooLarge
                        ? CallFailure.of(CallErrorCode.VALIDATION_ERROR, "the input of " + request.operationId()
                        + " is too large to send: " + tooLarge.getMessage())
                        : closedFailure()));
    }

    void onResponded(Envelope envelope) {
        String requestId = envelope.requestId();
        Object output = envelope.payloadObject().getValue("output");
        PendingCall call = calls.get(requestId);
        if (call != null) {
            call.respond(output);
            return;
        }
        PendingSubscription subscription = subscriptions.get(requestId);
        if (subscription != null) {
            subscription.event(output);
        }
    }

    void onCompleted(Envelope envelope) {
        String requestId = envelope.requestId();
        PendingCall call = calls.get(requestId);
        if (call != null) {
            call.respond(null);
            return;
        }
        PendingSubscription subscription = subscriptions.get(requestId);
        if (subscription != null) {
            subscription.complete();
        }
    }

    void onError(Envelope envelope) {
        fail(envelope.requestId(), CallFailure.fromPayload(envelope.payloadObject()));
    }

    /** The callee aborted one of our calls. */
    void onAborted(String requestId) {
        fail(requestId, CallFailure.of(CallErrorCode.ABORTED, "the callee aborted the call"));
    }

    private void fail(String requestId, CallFailure failure) {
        PendingCall call = calls.get(requestId);
        if (call != null) {
            call.fail(failure);
            return;
        }
        PendingSubscription subscription = subscriptions.get(requestId);
        if (subscription != null) {
            subscription.fail(failure);
        }
    }

    /** The connection closed: everything pending fails with {@code UNAVAILABLE}; the maps end empty. */
    void failAll(CallFailure failure) {
        calls.values().forEach(c -> c.fail(failure));
        subscriptions.values().forEach(s -> s.fail(failure));
    }

    int size() {
        return calls.size() + subscriptions.size();
    }

    private static CallFailure closedFailure() {
        return CallFailure.of(CallErrorCode.UNAVAILABLE, "the connection to the peer is closed; reconnect and retry");
    }
}
