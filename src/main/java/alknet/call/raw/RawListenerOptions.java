package alknet.call.raw;

import java.nio.file.Path;

/**
 * Where a raw framing listener binds ({@code --raw-listen HOST:PORT}) and, for TLS, its PEM certificate chain and
 * key; both or neither.
 */
public record RawListenerOptions(String host, int port, Path certPath, Path keyPath) {
    public RawListenerOptions {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("raw listener needs a host to bind, e.g. 127.0.0.1");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("raw listener port must be 0-65535, was " + port);
        }
        if ((certPath == null) != (keyPath == null)) {
            throw new IllegalArgumentException("raw listener TLS needs both a PEM certificate and a PEM key");
        }
    }

    public static RawListenerOptions tcp(String host, int port) {
        return new RawListenerOptions(host, port, null, null);
    }

    public boolean tls() {
        return certPath != null;
    }
}
