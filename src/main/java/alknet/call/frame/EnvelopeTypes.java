package alknet.call.frame;

/**
 * The envelope {@code type} values with a meaning (30-call-protocol.md sections 2, 5, 6). Types starting with
 * {@code call.} belong to calls, those starting with {@code __} to the connection itself; all others are events.
 */
public final class EnvelopeTypes {
    private EnvelopeTypes() {}

    public static final String CALL_PREFIX = "call.";
    public static final String CONTROL_PREFIX = "__";

    public static final String CALL_REQUESTED = "call.requested";
    public static final String CALL_RESPONDED = "call.responded";
    public static final String CALL_COMPLETED = "call.completed";
    public static final String CALL_ABORTED = "call.aborted";
    public static final String CALL_ERROR = "call.error";

    /** First frame on a raw carrier: {@code {"token": "..."}}. */
    public static final String AUTH = "__auth";
    public static final String SUBSCRIBE = "__subscribe";
    public static final String UNSUBSCRIBE = "__unsubscribe";
    /** Sent to a subscriber that could not keep up: {@code {"count": n}} events were dropped. */
    public static final String DROPPED = "__dropped";
    /** Acknowledges a {@code __subscribe} once the subscription is live (alknet addition). */
    public static final String SUBSCRIBED = "__subscribed";
    /** A pub/sub request was refused: {@code {"code", "message"}} (alknet addition). */
    public static final String ERROR = "__error";

    public static boolean isCall(String type) {
        return type.startsWith(CALL_PREFIX);
    }

    public static boolean isControl(String type) {
        return type.startsWith(CONTROL_PREFIX);
    }

    /** An event: neither a call nor a connection control message (30-call-protocol.md section 5). */
    public static boolean isEvent(String type) {
        return !isCall(type) && !isControl(type);
    }
}
