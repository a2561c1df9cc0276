package alknet.config;

/** A configuration or key file that cannot be used; the message names the file (and line) and the fix. */
public final class ConfigException extends IllegalArgumentException {
    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
