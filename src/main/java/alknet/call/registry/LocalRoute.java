package alknet.call.registry;

import alknet.api.Identity;
import alknet.api.CallErrorCode;
import alknet.api.CallFailure;
import alknet.api.AbortSignal;
import alknet.api.CallOptions;
import alknet.call.operation.CallRequest;
import alknet.call.operation.CallRouterOptions;
import alknet.call.operation.CallSink;
import alknet.api.CallSubscription;
import alknet.call.operation.PendingCall;
import alknet.call.operation.PendingSubscription;
import alknet.call.operation.Route;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.UUID;

/**
 * Calls a handler in this JVM directly (30-call-protocol.md section 4, path 1), with the same deadline, abort
 * and validation rules as a call from a peer.
 */
final class LocalRoute implements Route {
    private final Vertx vertx;
    private final OperationDispatcher dispatcher;
    private final CallRouterOptions options;

    LocalRoute(Vertx vertx, OperationDispatcher dispatcher, CallRouterOptions options) {
        this.vertx = vertx;
        this.dispatcher = dispatcher;
        this.options = options;
    }

    @Override
    public Future<Object> invoke(Identity caller, String operationId, Object input, CallOptions callOptions) {
        String requestId = UUID.randomUUID().toString();
        long deadline = callOptions.resolveDeadline(System.currentTimeMillis(), false, options.defaultTimeout());
        AbortSignal calleeAbort = new AbortSignal();
        PendingCall call = PendingCall.start(vertx, requestId, operationId, deadline, callOptions.parentAbort(),
                calleeAbort::abort, () -> {});
        dispatcher.dispatch(caller, request(requestId, operationId, input, deadline, 0, callOptions), calleeAbort,
                new CallSink() {
                    @Override
                    public void event(Object event) {
                        call.abort(CallFailure.of(CallErrorCode.VALIDATION_ERROR,
                                operationId + " is a subscription; call it with subscribe"));
                    }

                    @Override
                    public void result(Object output) {
                        call.respond(output);
                    }

                    @Override
                    public void completed() {
                        call.respond(null);
                    }

                    @Override
                    public void failed(CallFailure failure) {
                        call.fail(failure);
                    }
                });
        return call.future();
    }

    @Override
    public CallSubscription subscribe(Identity caller, String operationId, Object input, CallOptions callOptions) {
        String requestId = UUID.randomUUID().toString();
        long deadline = callOptions.resolveDeadline(System.currentTimeMillis(), true, options.defaultTimeout());
        AbortSignal calleeAbort = new AbortSignal();
        PendingSubscription subscription = PendingSubscription.start(vertx, requestId, operationId, deadline,
                callOptions.idleTimeoutMillis(), callOptions.parentAbort(), options.subscriptionBuffer(),
                calleeAbort::abort, () -> {});
        dispatcher.dispatch(caller, request(requestId, operationId, input, deadline, callOptions.idleTimeoutMillis(),
                callOptions), calleeAbort, new CallSink() {
                    @Override
                    public void event(Object event) {
                        subscription.event(event);
                    }

                    @Override
                    public void result(Object output) {
                        // A query asked through subscribe: its one output is the only event.
                        subscription.event(output);
                        subscription.complete();
                    }

                    @Override
                    public void completed() {
                        subscription.complete();
                    }

                    @Override
                    public void failed(CallFailure failure) {
                        subscription.fail(failure);
                    }
                });
        return subscription.stream();
    }

    private static CallRequest request(String requestId, String operationId, Object input, long deadline, long idle,
                                       CallOptions callOptions) {
        return new CallRequest(requestId, operationId, input, deadline, idle, callOptions.parentRequestId(),
                callOptions.metadata());
    }
}
