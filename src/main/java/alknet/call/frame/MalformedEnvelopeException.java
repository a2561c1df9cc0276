package alknet.call.frame;

/**
 * A frame that is not an envelope. The message says what is missing and never quotes the input (it may carry
 * tokens or destinations), so it may be logged.
 */
public final class MalformedEnvelopeException extends RuntimeException {
    public MalformedEnvelopeException(String message) {
        super(message, null, false, false);
    }
}
