package alknet.call;

import alknet.api.Identity;
import alknet.outbound.ReservedTarget;
import alknet.stream.DuplexConnection;

/**
 * The reserved destination {@code alknet-control:0} (10-tunnel.md section 3, 30-call-protocol.md section 6): a
 * {@code direct-tcpip} channel to it becomes a call-protocol connection of the router, running as the session's
 * identity. Never a TCP connection.
 */
public final class ControlChannelTarget implements ReservedTarget {
    public static final String NAME = "alknet-control";

    private final CallRouterVerticle router;

    public ControlChannelTarget(CallRouterVerticle router) {
        this.router = router;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void serve(DuplexConnection channel, Identity identity) {
        router.serve(channel, identity);
    }
}
