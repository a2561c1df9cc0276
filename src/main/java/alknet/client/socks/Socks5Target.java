package alknet.client.socks;

import java.util.Objects;

/**
 * The destination of a SOCKS5 CONNECT as the client sent it. Domains stay unresolved text (socks5h: the server
 * resolves them); IPv4 is dotted-quad, IPv6 the RFC 5952 literal without brackets.
 */
public record Socks5Target(String host, int port, AddressType type) {
    /** RFC 1928 section 4 ATYP values. */
    public enum AddressType {
        IPV4(0x01), DOMAIN(0x03), IPV6(0x04);

        private final int code;

        AddressType(int code) {
            this.code = code;
        }

        public int code() {
            return code;
        }
    }

    public Socks5Target {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(type, "type");
        if (port < 0 || port > 0xFFFF) {
            throw new IllegalArgumentException("port out of range");
        }
    }

    /** Targets must never reach a log (10-tunnel.md section 4), so the text form shows the address type only. */
    @Override
    public String toString() {
        return "Socks5Target[type=" + type + "]";
    }
}
