package alknet.api;

import java.util.Locale;

/** How a client reaches a server, or what a listener speaks (10-tunnel.md section 1). */
public enum Transport {
    /** Plain TCP. */
    TCP,
    /** SSH inside TLS (optionally with stealth on the server). */
    TLS,
    /** SSH inside binary WebSocket frames (wss with TLS files on the server, {@code webSocketTls} on the client). */
    WS;

    /** The lower-case name of flags, TOML and logs. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Transport parse(String name) {
        for (Transport t : values()) {
            if (t.wireName().equalsIgnoreCase(name == null ? "" : name.strip())) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown transport '" + name + "'; use tcp, tls or ws");
    }
}
