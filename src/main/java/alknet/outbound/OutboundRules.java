package alknet.outbound;

import alknet.policy.ForwardingPolicy;
import org.apache.sshd.common.session.Session;

/** What the outbound layer reads per channel open, current at that moment (a reload applies to the next open). */
public interface OutboundRules {
    /** The forwarding policy for this session: the configured one, narrowed by its key's or certificate's options. */
    ForwardingPolicy policy(Session session);

    /** Channels one session may have open at once; more are refused as a resource shortage. */
    int maxChannelsPerSession();

    /** False once the server drains for shutdown: new channels are refused, open ones go on. */
    boolean acceptingChannels();
}
