package alknet.policy;

import alknet.api.Identity;

import java.net.InetAddress;
import java.util.List;
import java.util.Objects;

/**
 * One {@code [[forwarding.listen_rules]]} entry for {@code tcpip-forward} ({@code -R}) binds (20-auth-config.md
 * section 4; 10-tunnel.md section 3). Same principals test as {@link TargetRule}; no transports.
 */
public record ListenRule(TargetPattern bind, Action action, List<String> principals) {

    public ListenRule {
        Objects.requireNonNull(bind, "bind");
        Objects.requireNonNull(action, "action");
        principals = List.copyOf(principals);
    }

    public static ListenRule of(String bind, Action action) {
        return new ListenRule(TargetPattern.parse(bind), action, List.of());
    }

    public ListenRule withPrincipals(String... names) {
        return new ListenRule(bind, action, List.of(names));
    }

    boolean matches(Identity identity, String bindHost, int port, List<InetAddress> addresses) {
        return Principals.match(principals, identity) && bind.matchesBind(bindHost, port, addresses);
    }
}
