package alknet.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The forwarding policy as written (20-auth-config.md section 4; TOML {@code [forwarding]}): rules in order, the
 * first match wins, no match means {@code defaultAction}. Immutable; each {@code with} method returns a copy. The
 * server checks it fully when it starts or reloads (patterns, actions, transports), naming each problem.
 * <pre>
 * ForwardingRules rules = ForwardingRules.DEFAULT.defaultAction("deny")
 *         .rule("10.0.0.0/8:5432", "allow", List.of("db:connect"), List.of())
 *         .listenRule("127.0.0.1:1024-65535", "allow", List.of());
 * </pre>
 */
public record ForwardingRules(String defaultAction, List<Rule> rules, List<ListenRule> listenRules) {
    /** Nothing configured: the built-in policy (ordinary targets allowed, loopback binds on ports >= 1024). */
    public static final ForwardingRules DEFAULT = new ForwardingRules("allow", List.of(), List.of());

    /** One target rule; principals and transports may be empty (= any). */
    public record Rule(String target, String action, List<String> principals, List<String> transports) {
        public Rule {
            principals = principals == null ? List.of() : List.copyOf(principals);
            transports = transports == null ? List.of() : List.copyOf(transports);
        }
    }

    /** One {@code -R} bind rule; principals may be empty (= any). */
    public record ListenRule(String bind, String action, List<String> principals) {
        public ListenRule {
            principals = principals == null ? List.of() : List.copyOf(principals);
        }
    }

    public ForwardingRules {
        Objects.requireNonNull(defaultAction, "defaultAction");
        rules = List.copyOf(rules);
        listenRules = List.copyOf(listenRules);
    }

    /** {@code "allow"} or {@code "deny"}. */
    public ForwardingRules defaultAction(String action) {
        return new ForwardingRules(action, rules, listenRules);
    }

    public ForwardingRules rule(String target, String action, List<String> principals, List<String> transports) {
        List<Rule> more = new ArrayList<>(rules);
        more.add(new Rule(target, action, principals, transports));
        return new ForwardingRules(defaultAction, more, listenRules);
    }

    public ForwardingRules rule(String target, String action) {
        return rule(target, action, List.of(), List.of());
    }

    public ForwardingRules listenRule(String bind, String action, List<String> principals) {
        List<ListenRule> more = new ArrayList<>(listenRules);
        more.add(new ListenRule(bind, action, principals));
        return new ForwardingRules(defaultAction, rules, more);
    }
}
