package alknet.api;

import java.util.Optional;

/** The error codes of {@code call.error} (30-call-protocol.md section 2) and whether a retry may succeed. */
public enum CallErrorCode {
    OPERATION_NOT_FOUND(false),
    ACCESS_DENIED(false),
    VALIDATION_ERROR(false),
    TIMEOUT(false),
    ABORTED(false),
    EXECUTION_ERROR(false),
    /** The target node is gone or disconnected; another attempt may reach it or a replica. */
    UNAVAILABLE(true),
    UNKNOWN_ERROR(false);

    private final boolean retryable;

    CallErrorCode(boolean retryable) {
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }

    /** The known code with this wire name, or empty for a code this version does not know. */
    public static Optional<CallErrorCode> of(String wireName) {
        for (CallErrorCode code : values()) {
            if (code.name().equals(wireName)) {
                return Optional.of(code);
            }
        }
        return Optional.empty();
    }
}
