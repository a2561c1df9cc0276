package alknet.stream;

import java.util.Objects;

/**
 * What a transport knows about one accepted or dialed connection: its kind, the peer's bare IP and port
 * (relay: the peer node id, no IP) and, for TLS, the SNI. Policy and logs use the kind only.
 */
public record TransportInfo(TransportKind kind, String remoteAddress, int remotePort, String sni) {
    public TransportInfo {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(remoteAddress, "remoteAddress");
    }

    public static TransportInfo of(TransportKind kind, String remoteAddress, int remotePort) {
        return new TransportInfo(kind, remoteAddress, remotePort, null);
    }
}
