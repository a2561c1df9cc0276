package alknet.call.registry;

import alknet.api.OperationHandler;
import alknet.api.OperationSpec;
import alknet.api.SubscriptionHandler;

/** A spec with its compiled schemas and its handler: exactly one of the two handlers, as the type says. */
record RegisteredOperation(OperationSpec spec, OperationHandler handler, SubscriptionHandler subscription,
                           JsonSchemaCheck input, JsonSchemaCheck output) {
}
