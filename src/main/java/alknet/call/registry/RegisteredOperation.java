package alknet.call.registry;

import alknet.call.operation.OperationHandler;
import alknet.call.operation.OperationSpec;
import alknet.call.operation.SubscriptionHandler;

/** A spec with its compiled schemas and its handler: exactly one of the two handlers, as the type says. */
record RegisteredOperation(OperationSpec spec, OperationHandler handler, SubscriptionHandler subscription,
                           JsonSchemaCheck input, JsonSchemaCheck output) {
}
