package alknet.config;

import alknet.stream.TransportKind;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One effective listener (10-tunnel.md section 1): transport, {@code HOST:PORT}, TLS files (tls and ws with TLS),
 * stealth (tls only) and the WebSocket path (ws only). TLS files are null when not configured.
 */
public record ListenerConfig(TransportKind transport, String listen, Path tlsCert, Path tlsKey, boolean stealth,
                             String wsPath) {
    public static final String DEFAULT_WS_PATH = "/alknet";

    public ListenerConfig {
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(listen, "listen");
        if (transport == TransportKind.RELAY) {
            throw new ConfigException("listener " + listen + ": relay is not a listener transport; use tcp, tls or ws");
        }
        if (transport == TransportKind.TLS && (tlsCert == null || tlsKey == null)) {
            throw new ConfigException("listener " + listen + ": transport tls needs a certificate and key;"
                    + " set --tls-cert and --tls-key (or tls.cert and tls.key in the TOML file)");
        }
        if (stealth && transport != TransportKind.TLS) {
            throw new ConfigException("listener " + listen + ": --stealth works only with transport tls");
        }
        wsPath = wsPath == null ? DEFAULT_WS_PATH : wsPath;
        if (!wsPath.startsWith("/")) {
            throw new ConfigException("listener " + listen + ": ws path '" + wsPath + "' must start with '/'");
        }
    }

    /** Same socket and protocol (what a restart would change); TLS files are compared separately, they reload live. */
    public boolean sameEndpoint(ListenerConfig other) {
        return transport == other.transport && listen.equals(other.listen) && stealth == other.stealth
                && (transport != TransportKind.WS || wsPath.equals(other.wsPath));
    }
}
