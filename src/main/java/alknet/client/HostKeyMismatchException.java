package alknet.client;

/** The server presented a key other than the pinned or known one (exit code 3). */
public final class HostKeyMismatchException extends Exception {
    public HostKeyMismatchException(String message) {
        super(message);
    }
}
