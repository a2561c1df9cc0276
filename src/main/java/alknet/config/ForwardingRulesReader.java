package alknet.config;

import alknet.api.ForwardingRules;
import alknet.policy.PolicyBuilder;
import alknet.policy.PolicyConfigException;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code [forwarding]} table as {@link ForwardingRules} (20-auth-config.md section 4), checked by the policy
 * engine itself ({@link PolicyBuilder}) so every problem is reported with its file and line.
 */
final class ForwardingRulesReader {
    private static final Pattern PATH_PART = Pattern.compile("([^.\\[\\]]+)|\\[(\\d+)]");

    private ForwardingRulesReader() {}

    static ForwardingRules read(AlknetConfigFile file) {
        TomlConfig.ForwardingTable t = file.toml().forwarding();
        if (t.equals(TomlConfig.ForwardingTable.EMPTY)) {
            return ForwardingRules.DEFAULT;
        }
        ForwardingRules rules = ForwardingRules.DEFAULT.defaultAction(t.defaultAction() != null ? t.defaultAction() : "allow");
        for (TomlConfig.RuleEntry r : t.rules()) {
            rules = rules.rule(r.target(), r.action(), r.principals(), r.transports());
        }
        for (TomlConfig.ListenRuleEntry r : t.listenRules()) {
            rules = rules.listenRule(r.bind(), r.action(), r.principals());
        }
        try {
            PolicyBuilder.from(rules);
        } catch (PolicyConfigException e) {
            List<String> located = new ArrayList<>();
            for (PolicyConfigException.Problem p : e.problems()) {
                located.add(file.where(pathOf(p.path())) + ": " + p.message());
            }
            throw new ConfigException(String.join("; ", located), e);
        }
        return rules;
    }

    /** {@code "forwarding.rules[3].target"} -> {@code ["forwarding", "rules", 3, "target"]}. */
    static Object[] pathOf(String dotted) {
        List<Object> parts = new ArrayList<>();
        Matcher m = PATH_PART.matcher(dotted);
        while (m.find()) {
            parts.add(m.group(1) != null ? m.group(1) : (Object) Integer.parseInt(m.group(2)));
        }
        return parts.toArray();
    }
}
