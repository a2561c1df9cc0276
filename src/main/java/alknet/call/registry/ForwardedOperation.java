package alknet.call.registry;

import alknet.api.OperationSpec;
import alknet.call.operation.CallTarget;

import java.util.Objects;

/**
 * An operation this node serves for another node (a worker behind a head): its spec under the name callers use,
 * its compiled input schema, and where its calls go. Access and input are checked here, by the dispatcher, before
 * a call leaves the node; the node that runs it checks its output.
 */
public final class ForwardedOperation {
    private final OperationSpec spec;
    private final JsonSchemaCheck input;
    private final CallTarget target;

    private ForwardedOperation(OperationSpec spec, JsonSchemaCheck input, CallTarget target) {
        this.spec = spec;
        this.input = input;
        this.target = target;
    }

    /** @throws IllegalArgumentException when the spec's input schema is unusable */
    public static ForwardedOperation of(OperationSpec spec, CallTarget target) {
        return new ForwardedOperation(Objects.requireNonNull(spec, "spec"),
                JsonSchemaCheck.compile(spec.inputSchema(), "inputSchema of " + spec.name()),
                Objects.requireNonNull(target, "target"));
    }

    /** Checks that {@code spec}'s schemas compile, without keeping anything. */
    public static void checkSchemas(OperationSpec spec) {
        JsonSchemaCheck.compile(spec.inputSchema(), "inputSchema of " + spec.name());
        JsonSchemaCheck.compile(spec.outputSchema(), "outputSchema of " + spec.name());
    }

    public OperationSpec spec() {
        return spec;
    }

    public CallTarget target() {
        return target;
    }

    JsonSchemaCheck input() {
        return input;
    }
}
