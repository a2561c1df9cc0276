package alknet.call.registry;

import alknet.api.Identity;
import alknet.api.CallErrorCode;
import alknet.api.CallFailure;
import alknet.call.metrics.CallMetrics;
import alknet.api.AbortSignal;
import alknet.call.operation.CallRequest;
import alknet.call.operation.CallRouterOptions;
import alknet.call.operation.CallSink;
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
public final class OperationDispatcher {
    private final OperationRegistry registry;
    private final OutputValidation outputValidation;
    private final CallMetrics metrics;
    private final OperationRoutes routes;

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

    /**
     * Runs {@code request} for {@code caller}. The sink hears of the end unless {@code abort} fires first, in
     * which case the carrier that aborted already knows.
     */
    public void dispatch(Identity caller, CallRequest request, AbortSignal abort, CallSink sink) {
        TrackedOutcome outcome = new TrackedOutcome(sink, request.operationId(), abort, metrics);
        RegisteredOperation operation = registry.lookup(request.operationId());
        if (operation == null) {
            outcome.failed(CallFailure.of(CallErrorCode.OPERATION_NOT_FOUND, "no operation " + request.operationId()
                    + " on this node; /services/list shows the operations you may call",
                    new JsonObject().put("operationId", request.operationId())));
            return;
        }
        if (!operation.spec().accessControl().permits(caller)) {
            outcome.failed(CallFailure.of(CallErrorCode.ACCESS_DENIED, request.operationId() + " requires "
                    + operation.spec().accessControl().describe() + "; ask for them in the identity's scopes or token"));
            return;
        }
        outcome.checkOutput(operation.output(), outputValidation);
        try {
            Optional<JsonSchemaCheck.Problem> problem = operation.input().problem(request.input());
            if (problem.isPresent()) {
                outcome.failed(CallFailure.of(CallErrorCode.VALIDATION_ERROR, "input of " + request.operationId()
                        + " does not match its inputSchema: " + problem.get().message()));
                return;
            }
            if (abort.aborted()) {
                return;
            }
            OperationContext context = new OperationContext(caller, request.requestId(), request.deadline(), abort,
                    routes.envFor(caller, request.requestId(), abort, request.deadline()), request.parentRequestId(),
                    request.metadata());
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
}
