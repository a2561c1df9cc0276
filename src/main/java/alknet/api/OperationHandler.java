package alknet.api;

import io.vertx.core.Future;

/**
 * Runs a query or mutation: one output, or a failure. A {@link alknet.api.CallFailure} keeps its code;
 * any other failure or exception reaches the caller as {@code EXECUTION_ERROR}. Runs on the event loop of the
 * connection or caller that asked: never block in it.
 */
@FunctionalInterface
public interface OperationHandler {
    Future<Object> handle(OperationContext context, Object input);
}
