package alknet.ssh;

import alknet.outbound.OutboundRules;
import alknet.policy.ForwardingPolicy;
import org.apache.sshd.common.session.Session;

import java.util.function.BooleanSupplier;

/** The outbound layer's view of the server rules: read per channel open. */
final class SessionOutboundRules implements OutboundRules {
    private final ServerRules rules;
    private final BooleanSupplier accepting;

    SessionOutboundRules(ServerRules rules, BooleanSupplier accepting) {
        this.rules = rules;
        this.accepting = accepting;
    }

    @Override
    public ForwardingPolicy policy(Session session) {
        return SessionForwarding.policy(session, rules.forwarding());
    }

    @Override
    public int maxChannelsPerSession() {
        return rules.limits().maxChannelsPerSession();
    }

    @Override
    public boolean acceptingChannels() {
        return accepting.getAsBoolean();
    }
}
