package alknet.policy;

import alknet.api.Identity;
import alknet.stream.TransportKind;

import java.net.InetAddress;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;

/**
 * The configured forwarding policy (20-auth-config.md section 4): rules in order, the first match wins, no match
 * means {@link #defaultAction()}. Immutable; the server reads the current one from {@code DynamicConfig} on every
 * channel open, so a reload applies to the next decision.
 * <p>
 * Built in (10-tunnel.md section 3): {@code alknet-control} (port 0 only) is allowed for every authenticated identity
 * unless a rule denies it, whatever the default; other {@code alknet-*} names are refused. Listen rules decide
 * {@code -R} binds the same way; with no matching listen rule the built-in one holds: loopback, port 0 or >= 1024.
 */
public final class RuleBasedForwardingPolicy implements ForwardingPolicy {
    static final String CONTROL = "alknet-control";

    private final Action defaultAction;
    private final List<TargetRule> rules;
    private final List<ListenRule> listenRules;

    public RuleBasedForwardingPolicy(Action defaultAction, List<TargetRule> rules, List<ListenRule> listenRules) {
        this.defaultAction = Objects.requireNonNull(defaultAction, "defaultAction");
        this.rules = List.copyOf(rules);
        this.listenRules = List.copyOf(listenRules);
    }

    /** The policy when nothing is configured: default allow, no rules, the built-in listen rule. */
    public static RuleBasedForwardingPolicy builtIn() {
        return new RuleBasedForwardingPolicy(Action.ALLOW, List.of(), List.of());
    }

    public Action defaultAction() {
        return defaultAction;
    }

    public List<TargetRule> rules() {
        return rules;
    }

    public List<ListenRule> listenRules() {
        return listenRules;
    }

    /**
     * Decision without resolution: literals and names are judged as written; a name whose answer could depend on
     * its addresses (an IP or CIDR rule of another action could match first) is refused; use {@link #decide}.
     */
    @Override
    public boolean needsResolution(TargetHost host) {
        return host instanceof TargetHost.Name && rules.stream().anyMatch(r -> r.target().usesAddresses());
    }

    /**
     * The DNS decision (20-auth-config.md section 4): {@code resolved} are the addresses the server got from its
     * one resolution of {@code host} (empty for a literal, or when {@link #needsResolution} is false). Every address
     * is checked in its canonical form ({@link TargetHost#canonical}); the answer lists those to connect to.
     */
    @Override
    public ConnectDecision decide(Identity identity, TransportKind transport, TargetHost host, int port,
                                  List<InetAddress> resolved) {
        Objects.requireNonNull(identity, "identity");
        if (host instanceof TargetHost.Reserved reserved) {
            return decideReserved(identity, transport, reserved, port);
        }
        if (host instanceof TargetHost.Address literal) {
            return actionFor(identity, transport, host, port, List.of()) == Action.ALLOW
                    ? ConnectDecision.allow(List.of(literal.address())) : ConnectDecision.deny();
        }
        if (resolved.isEmpty()) {
            return nameOnlyAction(identity, transport, host, port) == Action.ALLOW
                    ? ConnectDecision.allow(List.of()) : ConnectDecision.deny();
        }
        // Spec section 4: "checks every resolved address" so a name cannot slip past an IP deny rule; each address
        // gets its own first match, and one denied address denies the whole name.
        for (InetAddress resolvedAddress : resolved) {
            InetAddress address = TargetHost.canonical(resolvedAddress);
            if (actionFor(identity, transport, host, port, List.of(address)) == Action.DENY) {
                return ConnectDecision.deny();
            }
        }
        return ConnectDecision.allow(resolved.stream().map(TargetHost::canonical).toList());
    }

    /**
     * The answer for a name without its addresses, when the addresses cannot change it: every IP or CIDR rule that
     * could come first has the same action as the name's own first match (or the default). Otherwise null means
     * deny (fail closed): connecting by name later would resolve again, the race the DNS decision rules out.
     */
    private Action nameOnlyAction(Identity identity, TransportKind transport, TargetHost host, int port) {
        Action outcome = defaultAction;
        EnumSet<Action> addressRuleActions = EnumSet.noneOf(Action.class);
        for (TargetRule rule : rules) {
            if (rule.target().usesAddresses()) {
                if (rule.appliesTo(identity, transport, port)) {
                    addressRuleActions.add(rule.action());
                }
            } else if (rule.matches(identity, transport, host, port, List.of())) {
                outcome = rule.action();
                break;
            }
        }
        addressRuleActions.remove(outcome);
        return addressRuleActions.isEmpty() ? outcome : null;
    }

    private ConnectDecision decideReserved(Identity identity, TransportKind transport, TargetHost.Reserved host, int port) {
        if (!host.name().equals(CONTROL) || port != 0) {
            return ConnectDecision.deny(); // other alknet-* names name no service and are never TCP targets
        }
        TargetRule first = firstMatch(identity, transport, host, port, List.of());
        boolean allowed = first == null || first.action() == Action.ALLOW;
        return allowed ? ConnectDecision.allow(List.of()) : ConnectDecision.deny();
    }

    private Action actionFor(Identity identity, TransportKind transport, TargetHost host, int port,
                             List<InetAddress> addresses) {
        TargetRule first = firstMatch(identity, transport, host, port, addresses);
        return first == null ? defaultAction : first.action();
    }

    private TargetRule firstMatch(Identity identity, TransportKind transport, TargetHost host, int port,
                                  List<InetAddress> addresses) {
        for (TargetRule rule : rules) {
            if (rule.matches(identity, transport, host, port, addresses)) {
                return rule;
            }
        }
        return null;
    }

    @Override
    public boolean canListen(Identity identity, String bindHost, int port) {
        Objects.requireNonNull(identity, "identity");
        String host = ListenBinds.hostForMatching(bindHost);
        List<InetAddress> addresses = ListenBinds.addressesFor(bindHost);
        for (ListenRule rule : listenRules) {
            if (rule.matches(identity, host, port, addresses)) {
                return rule.action() == Action.ALLOW;
            }
        }
        return ListenBinds.defaultAllows(bindHost, port);
    }

    /** True when the default is allow and no rule denies anything: the server warns at startup. */
    @Override
    public boolean allowsAllDestinations() {
        return defaultAction == Action.ALLOW && rules.stream().noneMatch(r -> r.action() == Action.DENY);
    }

    @Override
    public String toString() {
        return "ForwardingPolicy[default=" + defaultAction.wireName() + ", rules=" + rules.size()
                + ", listen_rules=" + listenRules.size() + "]";
    }
}
