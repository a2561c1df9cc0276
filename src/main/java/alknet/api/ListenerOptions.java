package alknet.api;

import alknet.stream.TransportKind;

import java.util.Objects;

/**
 * One server listener (10-tunnel.md section 1; TOML {@code [[listeners]]}): plain TCP, SSH inside TLS (optionally in
 * stealth mode), or SSH inside WebSocket frames on a path (wss when TLS files are given). Every listener of a server
 * shares its auth, policy, limits and sessions.
 */
public record ListenerOptions(TransportKind transport, String host, int port, TlsFiles tls, boolean stealth,
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
            default -> throw new IllegalArgumentException("listener " + host + ":" + port + ": " + transport.wireName()
                    + " is not a listener transport; use tcp, tls or ws");
        }
        if (transport != TransportKind.WS) {
            webSocketPath = null;
        }
    }

    public static ListenerOptions tcp(String host, int port) {
        return new ListenerOptions(TransportKind.TCP, host, port, null, false, null);
    }

    public static ListenerOptions tls(String host, int port, TlsFiles files, boolean stealth) {
        return new ListenerOptions(TransportKind.TLS, host, port, files, stealth, null);
    }

    /** WebSocket on {@code path} (null = {@value #DEFAULT_WS_PATH}); wss when {@code files} is not null. */
    public static ListenerOptions webSocket(String host, int port, String path, TlsFiles files) {
        return new ListenerOptions(TransportKind.WS, host, port, files, false, path);
    }
}
