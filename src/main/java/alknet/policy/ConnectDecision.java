package alknet.policy;

import java.net.InetAddress;
import java.util.List;

/**
 * The answer for one {@code direct-tcpip} open (20-auth-config.md section 4, DNS decision). When allowed,
 * {@code addresses} are the addresses the policy checked: the channel connects to one of them and never resolves
 * the name again. An empty list means the policy looked at the name only (no rule needed addresses and none were
 * given), so the target is connected by name; for {@code alknet-control} it is always empty.
 */
public record ConnectDecision(boolean allowed, List<InetAddress> addresses) {
    private static final ConnectDecision DENIED = new ConnectDecision(false, List.of());

    public ConnectDecision {
        addresses = List.copyOf(addresses);
    }

    public static ConnectDecision allow(List<InetAddress> checked) {
        return new ConnectDecision(true, checked);
    }

    public static ConnectDecision deny() {
        return DENIED;
    }
}
