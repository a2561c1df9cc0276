package alknet.api;


import java.util.Objects;

/**
 * One server listener (10-tunnel.md section 1; TOML {@code [[listeners]]}): plain TCP, SSH inside TLS (optionally in
 * stealth mode), or SSH inside WebSocket frames on a path (wss when TLS files are given). Every listener of a server
 * shares its auth, policy, limits and sessions.
 */
public record ListenerOptions(Transport transport, String host, int port, TlsFiles tls, boolean stealth,
                              String webSocketPath) {
    public static final String DEFAULT_WS_PATH = "/alknet";

    public ListenerOptions {
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(host, "host");
        ServeOptions.checkPort(port);
        switch (transport) {
            case TCP -> {
                if (tls != null || stealth) {
                    throw new IllegalArgumentException("listener " + host + ":" + port + ": tcp takes no TLS files and no stealth");
                }
            }
            case TLS -> {
                if (tls == null) {
                    throw new IllegalArgumentException("listener " + host + ":" + port
                            + ": transport tls needs a certificate and key (--tls-cert FILE --tls-key FILE)");
                }
            }
            case WS -> {
                if (stealth) {
                    throw new IllegalArgumentException("listener " + host + ":" + port + ": --stealth works only with transport tls");
                }
                webSocketPath = webSocketPath == null ? DEFAULT_WS_PATH : webSocketPath;
                if (!webSocketPath.startsWith("/")) {
                    throw new IllegalArgumentException("listener " + host + ":" + port + ": ws path must start with '/'");
                }
            }
        }
        if (transport != Transport.WS) {
            webSocketPath = null;
        }
    }

    /** Same socket and protocol (what a restart would change); TLS files are compared apart: they reload live. */
    public boolean sameEndpoint(ListenerOptions other) {
        return transport == other.transport && host.equals(other.host) && port == other.port && stealth == other.stealth
                && Objects.equals(webSocketPath, other.webSocketPath) && (tls == null) == (other.tls == null);
    }

    /** The transport name of logs, e.g. {@code wss} for WebSocket over TLS. */
    public String transportName() {
        return transport == Transport.WS && tls != null ? "wss" : transport.wireName();
    }

    public static ListenerOptions tcp(String host, int port) {
        return new ListenerOptions(Transport.TCP, host, port, null, false, null);
    }

    public static ListenerOptions tls(String host, int port, TlsFiles files, boolean stealth) {
        return new ListenerOptions(Transport.TLS, host, port, files, stealth, null);
    }

    /** WebSocket on {@code path} (null = {@value #DEFAULT_WS_PATH}); wss when {@code files} is not null. */
    public static ListenerOptions webSocket(String host, int port, String path, TlsFiles files) {
        return new ListenerOptions(Transport.WS, host, port, files, false, path);
    }
}
