package alknet.stream;

import java.util.Locale;

/** The kind of layer-1 transport that carried a connection (10-tunnel.md section 1). */
public enum TransportKind {
    TCP, TLS, WS, RELAY;

    /** The lower-case name used in logs, flags and policy rules. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static TransportKind parse(String name) {
        for (TransportKind k : values()) {
            if (k.wireName().equalsIgnoreCase(name)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown transport '" + name + "'; use one of tcp, tls, ws, relay");
    }
}
