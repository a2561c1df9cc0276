package alknet.policy;

import alknet.api.ForwardingRules;
import alknet.stream.TransportKind;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Builds a {@link RuleBasedForwardingPolicy} from the plain values of a {@code [forwarding]} TOML section
 * (20-auth-config.md section 4), validating everything and collecting every problem with its path:
 * <pre>
 * RuleBasedForwardingPolicy policy = new PolicyBuilder()
 *         .defaultAction("deny")
 *         .rule("10.0.0.0/8:5432", "allow", List.of("db:connect"), List.of())
 *         .listenRule("127.0.0.1:1024-65535", "allow", List.of())
 *         .build();   // throws PolicyConfigException listing "forwarding.rules[0].target: ..." etc.
 * </pre>
 * Optional lists may be null (absent in TOML). Without {@link #defaultAction} the default is allow.
 */
public final class PolicyBuilder {
    private static final String SECTION = "forwarding";

    private Action defaultAction = Action.ALLOW;
    private final List<TargetRule> rules = new ArrayList<>();
    private final List<ListenRule> listenRules = new ArrayList<>();
    private final List<PolicyConfigException.Problem> problems = new ArrayList<>();
    private int ruleCount;
    private int listenRuleCount;

    /**
     * The policy of {@link ForwardingRules} ({@link ForwardingPolicy#DEFAULT} for {@link ForwardingRules#DEFAULT}),
     * or {@link PolicyConfigException} listing every problem with its path ({@code forwarding.rules[0].target}).
     */
    public static ForwardingPolicy from(ForwardingRules rules) {
        if (rules.equals(ForwardingRules.DEFAULT)) {
            return ForwardingPolicy.DEFAULT;
        }
        PolicyBuilder b = new PolicyBuilder().defaultAction(rules.defaultAction());
        rules.rules().forEach(r -> b.rule(r.target(), r.action(), r.principals(), r.transports()));
        rules.listenRules().forEach(r -> b.listenRule(r.bind(), r.action(), r.principals()));
        return b.build();
    }

    /** {@code default = "allow"|"deny"}. */
    public PolicyBuilder defaultAction(String value) {
        Action a = check(SECTION + ".default", () -> Action.parse(value));
        if (a != null) {
            defaultAction = a;
        }
        return this;
    }

    /** One {@code [[forwarding.rules]]} entry: target and action required, principals and transports optional. */
    public PolicyBuilder rule(String target, String action, List<String> principals, List<String> transports) {
        String path = SECTION + ".rules[" + ruleCount++ + "]";
        TargetPattern pattern = check(path + ".target", () -> TargetPattern.parse(required(target, "target",
                "target = \"10.0.0.0/8:5432\"")));
        Action a = check(path + ".action", () -> Action.parse(required(action, "action", "action = \"allow\"")));
        List<String> names = principals(path, principals);
        Set<TransportKind> kinds = transports(path, transports);
        if (pattern != null && a != null && names != null && kinds != null) {
            rules.add(new TargetRule(pattern, a, names, kinds));
        }
        return this;
    }

    /** One {@code [[forwarding.listen_rules]]} entry: bind and action required, principals optional. */
    public PolicyBuilder listenRule(String bind, String action, List<String> principals) {
        String path = SECTION + ".listen_rules[" + listenRuleCount++ + "]";
        TargetPattern pattern = check(path + ".bind", () -> bindPattern(required(bind, "bind",
                "bind = \"127.0.0.1:1024-65535\"")));
        Action a = check(path + ".action", () -> Action.parse(required(action, "action", "action = \"allow\"")));
        List<String> names = principals(path, principals);
        if (pattern != null && a != null && names != null) {
            listenRules.add(new ListenRule(pattern, a, names));
        }
        return this;
    }

    /** The problems so far (empty when everything is valid). */
    public List<PolicyConfigException.Problem> problems() {
        return List.copyOf(problems);
    }

    /** The policy, or PolicyConfigException listing every problem found. */
    public RuleBasedForwardingPolicy build() {
        if (!problems.isEmpty()) {
            throw new PolicyConfigException(problems);
        }
        return new RuleBasedForwardingPolicy(defaultAction, rules, listenRules);
    }

    private static TargetPattern bindPattern(String text) {
        TargetPattern p = TargetPattern.parse(text);
        if (p.hostKind() == TargetPattern.HostKind.RESERVED) {
            throw new IllegalArgumentException("alknet-* names are not bind addresses; write an address such as "
                    + "\"127.0.0.1:1024-65535\" or \"0.0.0.0:8080\"");
        }
        return p;
    }

    private List<String> principals(String path, List<String> principals) {
        if (principals == null) {
            return List.of();
        }
        boolean ok = true;
        for (int i = 0; i < principals.size(); i++) {
            String p = principals.get(i);
            if (p == null || p.isBlank() || !p.equals(p.strip())) {
                problems.add(new PolicyConfigException.Problem(path + ".principals[" + i + "]",
                        "a principal is a key fingerprint, a scope or \"*\" without spaces, got " + Action.quoted(p)
                                + "; e.g. principals = [\"db:connect\", \"SHA256:...\"]"));
                ok = false;
            }
        }
        return ok ? List.copyOf(principals) : null;
    }

    private Set<TransportKind> transports(String path, List<String> transports) {
        if (transports == null) {
            return Set.of();
        }
        Set<TransportKind> kinds = EnumSet.noneOf(TransportKind.class);
        boolean ok = true;
        for (int i = 0; i < transports.size(); i++) {
            String name = transports.get(i);
            TransportKind kind = check(path + ".transports[" + i + "]", () -> TransportKind.parse(name));
            ok &= kind != null;
            if (kind != null) {
                kinds.add(kind);
            }
        }
        return ok ? kinds : null;
    }

    private static String required(String value, String key, String example) {
        if (value == null) {
            throw new IllegalArgumentException(key + " is required; e.g. " + example);
        }
        return value;
    }

    private <T> T check(String path, Supplier<T> parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            problems.add(new PolicyConfigException.Problem(path, e.getMessage()));
            return null;
        }
    }
}
