package alknet.policy;

import alknet.api.Identity;
import alknet.stream.TransportKind;

import java.net.InetAddress;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One {@code [[forwarding.rules]]} entry (20-auth-config.md section 4). It matches when the target matches AND
 * (principals empty, {@code *}, the identity id or one of its scopes) AND (transports empty or holding the
 * session's transport kind).
 */
public record TargetRule(TargetPattern target, Action action, List<String> principals, Set<TransportKind> transports) {

    public TargetRule {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(action, "action");
        principals = List.copyOf(principals);
        transports = Set.copyOf(transports);
    }

    public static TargetRule of(String target, Action action) {
        return new TargetRule(TargetPattern.parse(target), action, List.of(), Set.of());
    }

    public TargetRule withPrincipals(String... names) {
        return new TargetRule(target, action, List.of(names), transports);
    }

    public TargetRule withTransports(TransportKind... kinds) {
        return new TargetRule(target, action, principals, Set.of(kinds));
    }

    public boolean matches(Identity identity, TransportKind transport, TargetHost host, int port, List<InetAddress> addresses) {
        return appliesTo(identity, transport, port) && target.matches(host, port, addresses);
    }

    /** Everything but the host: could this rule match some host for this identity, transport and port? */
    boolean appliesTo(Identity identity, TransportKind transport, int port) {
        return (transports.isEmpty() || transports.contains(transport))
                && Principals.match(principals, identity)
                && target.ports().contains(port);
    }
}
