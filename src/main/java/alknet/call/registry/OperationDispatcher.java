package alknet.call.registry;

import alknet.api.Identity;
import alknet.api.OperationSpec;
import alknet.api.CallErrorCode;
import alknet.api.CallFailure;
import alknet.call.metrics.CallMetrics;
import alknet.api.AbortSignal;
import alknet.call.operation.CallRequest;
import alknet.call.operation.CallRouterOptions;
import alknet.call.operation.CallSink;
import alknet.call.operation.CallTarget;
import alknet.api.CallPeer;
import alknet.api.OperationContext;
import alknet.call.operation.OutputValidation;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.Optional;

/**
 * Runs operations of one registry for any carrier (30-call-protocol.md section 3): look the operation up, check
 * access, validate the input, run the handler with an {@link OperationContext}, validate the output. Every
 * outcome reaches the sink once. It also owns the node's {@link OperationRoutes}, through which handlers make
 * nested calls.
 */
public final class OperationDispatcher implements CallTarget {
    private final OperationRegistry registry;
    private final OutputValidation outputValidation;
    private final CallMetrics metrics;
    private final OperationRoutes routes;
    private volatile ForwardedOperations forwarded = ForwardedOperations.NONE;

    public OperationDispatcher(Vertx vertx, OperationRegistry registry, CallRouterOptions options, CallMetrics metrics) {
        this.registry = registry;
        this.outputValidation = options.outputValidation();
        this.metrics = metrics;
        this.routes = new OperationRoutes(new LocalRoute(vertx, this, new CallRouterOptions(options)));
    }

    public OperationRegistry registry() {
        return registry;
    }

    /** Where nested calls go, per namespace; local by default. Configure while assembling the node. */
    public OperationRoutes routes() {
        return routes;
    }

    /** Operations served for other nodes, tried when the registry has no operation of a name (a head's workers). */
    public OperationDispatcher forwarded(ForwardedOperations operations) {
        this.forwarded = operations == null ? ForwardedOperations.NONE : operations;
        return this;
    }

    public ForwardedOperations forwarded() {
        return forwarded;
    }

    /** Runs {@code request} for {@code caller}, from local code or the event bus (no connection). */
    public void dispatch(Identity caller, CallRequest request, AbortSignal abort, CallSink sink) {
        dispatch(caller, null, request, abort, sink);
    }

    /**
     * Runs {@code request} for {@code caller}. The sink hears of the end unless {@code abort} fires first, in
     * which case the carrier that aborted already knows.
     */
    @Override
    public void dispatch(Identity caller, CallPeer origin, CallRequest request, AbortSignal abort, CallSink sink) {
        TrackedOutcome outcome = new TrackedOutcome(sink, request.operationId(), abort, metrics);
        RegisteredOperation operation = registry.lookup(request.operationId());
        if (operation == null) {
            dispatchUnregistered(caller, origin, request, abort, outcome);
            return;
        }
        outcome.checkOutput(operation.output(), outputValidation);
        try {
            if (refused(operation.spec(), operation.input(), caller, request, outcome) || abort.aborted()) {
                return;
            }
            OperationContext context = new OperationContext(caller, request.requestId(), request.deadline(), abort,
                    routes.envFor(caller, request.requestId(), abort, request.deadline()), request.parentRequestId(),
                    request.metadata(), origin);
            if (operation.spec().type().streams()) {
                operation.subscription().subscribe(context, request.input(), new HandlerSink(outcome));
            } else {
                Future<Object> result = operation.handler().handle(context, request.input());
                if (result == null) {
                    throw new IllegalStateException("the handler of " + request.operationId() + " returned no Future");
                }
                result.onComplete(done -> {
                    if (done.succeeded()) {
                        outcome.result(done.result());
                    } else {
                        outcome.failed(CallFailure.from(done.cause()));
                    }
                });
            }
        } catch (RuntimeException e) {
            outcome.failed(CallFailure.from(e));
        }
    }

    /** An operation the registry lacks: one served for another node, a node away for a moment, or none. */
    private void dispatchUnregistered(Identity caller, CallPeer origin, CallRequest request, AbortSignal abort,
                                      TrackedOutcome outcome) {
        String id = request.operationId();
        forwarded.lookup(id).onComplete(found -> {
            if (found.failed() || found.result().isEmpty()) {
                outcome.failed(forwarded.unavailable(id).orElseGet(() -> CallFailure.of(
                        CallErrorCode.OPERATION_NOT_FOUND, "no operation " + id + " on this node; /services/list"
                                + " shows the operations you may call", new JsonObject().put("operationId", id))));
            } else if (!abort.aborted()) {
                dispatchForwarded(found.result().get(), caller, origin, request, abort, outcome);
            }
        });
    }

    private void dispatchForwarded(ForwardedOperation operation, Identity caller, CallPeer origin, CallRequest request,
                                   AbortSignal abort, TrackedOutcome outcome) {
        try {
            if (refused(operation.spec(), operation.input(), caller, request, outcome)) {
                return;
            }
            operation.target().dispatch(caller, origin, request, abort, outcome);
        } catch (RuntimeException e) {
            outcome.failed(CallFailure.from(e));
        }
    }

    /** Access control, then input validation (30-call-protocol.md section 3); true when the call was refused. */
    private static boolean refused(OperationSpec spec, JsonSchemaCheck input, Identity caller, CallRequest request,
                                   TrackedOutcome outcome) {
        if (!spec.accessControl().permits(caller)) {
            outcome.failed(CallFailure.of(CallErrorCode.ACCESS_DENIED, request.operationId() + " requires "
                    + spec.accessControl().describe() + "; ask for them in the identity's scopes or token"));
            return true;
        }
        Optional<JsonSchemaCheck.Problem> problem = input.problem(request.input());
        if (problem.isPresent()) {
            outcome.failed(CallFailure.of(CallErrorCode.VALIDATION_ERROR, "input of " + request.operationId()
                    + " does not match its inputSchema: " + problem.get().message()));
            return true;
        }
        return false;
    }
}
