package alknet.outbound;

import alknet.api.Identity;
import alknet.stream.DuplexConnection;

/**
 * An in-process service behind a reserved {@code alknet-*} destination (10-tunnel.md section 3), such as the call
 * protocol's {@code alknet-control:0}. It is never a TCP connection: the channel itself is handed to the service.
 */
public interface ReservedTarget {
    /** The reserved name, lower case ({@code alknet-control}). */
    String name();

    /** Serves one channel of an authenticated session; runs on the channel's event loop. */
    void serve(DuplexConnection channel, Identity identity);
}
