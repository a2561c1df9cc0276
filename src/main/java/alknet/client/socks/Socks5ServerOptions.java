package alknet.client.socks;

import java.time.Duration;
import java.util.Objects;

/** Where the SOCKS5 listener binds and how it treats clients (10-tunnel.md section 5, {@code --socks5}). */
public final class Socks5ServerOptions {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 1080;
    /** A handshake that has not reached CONNECT by then is closed. */
    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);

    private String host = DEFAULT_HOST;
    private int port = DEFAULT_PORT;
    private Socks5Credentials credentials;
    private Duration handshakeTimeout = DEFAULT_HANDSHAKE_TIMEOUT;

    public String host() {
        return host;
    }

    public Socks5ServerOptions setHost(String host) {
        Objects.requireNonNull(host, "host");
        if (host.isBlank()) {
            throw new IllegalArgumentException("SOCKS5 bind host must not be blank");
        }
        this.host = host;
        return this;
    }

    public int port() {
        return port;
    }

    /** 0 picks a free port; {@link Socks5Server#listen()} reports the one bound. */
    public Socks5ServerOptions setPort(int port) {
        if (port < 0 || port > 0xFFFF) {
            throw new IllegalArgumentException("SOCKS5 port must be 0 to 65535, was " + port);
        }
        this.port = port;
        return this;
    }

    /** Null when clients need no authentication. */
    public Socks5Credentials credentials() {
        return credentials;
    }

    /** Non-null makes username/password (RFC 1929) the only accepted method; null accepts no-auth only. */
    public Socks5ServerOptions setCredentials(Socks5Credentials credentials) {
        this.credentials = credentials;
        return this;
    }

    public Duration handshakeTimeout() {
        return handshakeTimeout;
    }

    public Socks5ServerOptions setHandshakeTimeout(Duration handshakeTimeout) {
        Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
        if (handshakeTimeout.toMillis() < 1) {
            throw new IllegalArgumentException("SOCKS5 handshake timeout must be at least 1 ms");
        }
        this.handshakeTimeout = handshakeTimeout;
        return this;
    }

    Socks5Handshake newHandshake() {
        return credentials == null ? new Socks5Handshake() : new Socks5Handshake(credentials);
    }
}
