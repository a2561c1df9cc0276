package alknet.client;

/** The server refused our key (exit code 3 on the first connection). */
public final class AuthenticationRefusedException extends Exception {
    public AuthenticationRefusedException(String message) {
        super(message);
    }
}
