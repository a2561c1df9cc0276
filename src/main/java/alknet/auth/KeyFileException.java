package alknet.auth;

/**
 * A key file (authorized_keys, CA file, private key, passphrase file) that cannot be used. The message names the
 * file (and line) and the fix; the CLI reports it as a usage error (exit 2), a reload keeps the old config.
 */
public final class KeyFileException extends IllegalArgumentException {
    public KeyFileException(String message) {
        super(message);
    }

    public KeyFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
