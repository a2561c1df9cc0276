package alknet.call.operation;

import alknet.call.frame.FrameDecoder;

import java.time.Duration;

/**
 * The call layer's settings for one node (30-call-protocol.md sections 1-2), in the style of Vert.x options:
 * {@code DEFAULT_*} constants, setters that refuse bad values at once, a copy constructor; a router copies them
 * when it is built.
 */
public final class CallRouterOptions {
    public static final int DEFAULT_MAX_FRAME = FrameDecoder.DEFAULT_MAX_FRAME;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    public static final OutputValidation DEFAULT_OUTPUT_VALIDATION = OutputValidation.WARN;
    /** Calls a peer may have running on one connection; more are refused with {@code UNAVAILABLE}. */
    public static final int DEFAULT_MAX_INCOMING_CALLS = 65_536;
    /** Events a subscriber may leave unread before its subscription is aborted. */
    public static final int DEFAULT_SUBSCRIPTION_BUFFER = 10_000;
    /** How long a raw carrier waits for its {@code __auth} frame. */
    public static final Duration DEFAULT_AUTH_TIMEOUT = Duration.ofSeconds(10);

    private int maxFrame = DEFAULT_MAX_FRAME;
    private Duration defaultTimeout = DEFAULT_TIMEOUT;
    private OutputValidation outputValidation = DEFAULT_OUTPUT_VALIDATION;
    private int maxIncomingCalls = DEFAULT_MAX_INCOMING_CALLS;
    private int subscriptionBuffer = DEFAULT_SUBSCRIPTION_BUFFER;
    private Duration authTimeout = DEFAULT_AUTH_TIMEOUT;

    public CallRouterOptions() {
    }

    public CallRouterOptions(CallRouterOptions other) {
        this.maxFrame = other.maxFrame;
        this.defaultTimeout = other.defaultTimeout;
        this.outputValidation = other.outputValidation;
        this.maxIncomingCalls = other.maxIncomingCalls;
        this.subscriptionBuffer = other.subscriptionBuffer;
        this.authTimeout = other.authTimeout;
    }

    public int maxFrame() {
        return maxFrame;
    }

    /** {@code --max-frame}: the largest frame accepted or sent, in bytes. */
    public CallRouterOptions setMaxFrame(int bytes) {
        if (bytes < 1024) {
            throw new IllegalArgumentException("max frame must be at least 1024 bytes, was " + bytes);
        }
        this.maxFrame = bytes;
        return this;
    }

    public Duration defaultTimeout() {
        return defaultTimeout;
    }

    /** Deadline of a query or mutation sent without one. */
    public CallRouterOptions setDefaultTimeout(Duration timeout) {
        this.defaultTimeout = positive(timeout, "default call timeout");
        return this;
    }

    public OutputValidation outputValidation() {
        return outputValidation;
    }

    public CallRouterOptions setOutputValidation(OutputValidation mode) {
        if (mode == null) {
            throw new IllegalArgumentException("output validation must be STRICT or WARN");
        }
        this.outputValidation = mode;
        return this;
    }

    public int maxIncomingCalls() {
        return maxIncomingCalls;
    }

    public CallRouterOptions setMaxIncomingCalls(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("max incoming calls per connection must be at least 1, was " + count);
        }
        this.maxIncomingCalls = count;
        return this;
    }

    public int subscriptionBuffer() {
        return subscriptionBuffer;
    }

    public CallRouterOptions setSubscriptionBuffer(int events) {
        if (events < 1) {
            throw new IllegalArgumentException("subscription buffer must hold at least 1 event, was " + events);
        }
        this.subscriptionBuffer = events;
        return this;
    }

    public Duration authTimeout() {
        return authTimeout;
    }

    public CallRouterOptions setAuthTimeout(Duration timeout) {
        this.authTimeout = positive(timeout, "raw carrier auth timeout");
        return this;
    }

    private static Duration positive(Duration value, String what) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, was " + value);
        }
        return value;
    }
}
