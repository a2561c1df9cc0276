package alknet.call.operation;

/**
 * What happens when a handler's output does not match its {@code outputSchema} (30-call-protocol.md section 3):
 * tests fail the call, production logs a warning (schema location only, never the value) and sends it anyway.
 */
public enum OutputValidation {
    /** The caller gets {@code EXECUTION_ERROR}. */
    STRICT,
    /** A warning is logged and the output is sent. */
    WARN
}
