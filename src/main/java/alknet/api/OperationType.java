package alknet.api;

import java.util.Locale;

/** How an operation answers (30-call-protocol.md section 3): one output, or a stream of events. */
public enum OperationType {
    QUERY, MUTATION, SUBSCRIPTION;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean streams() {
        return this == SUBSCRIPTION;
    }

    public static OperationType parse(String wireName) {
        for (OperationType type : values()) {
            if (type.wireName().equals(wireName)) {
                return type;
            }
        }
        throw new IllegalArgumentException("operation type must be query, mutation or subscription, was '" + wireName + "'");
    }
}
