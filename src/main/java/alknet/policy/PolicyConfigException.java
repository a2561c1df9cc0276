package alknet.policy;

import java.util.List;

/**
 * Every problem found in a {@code [forwarding]} section at once, each with its path ({@code forwarding.rules[3].target},
 * 0-based like the TOML tree) so the config loader can add file and line (20-auth-config.md section 5).
 */
public final class PolicyConfigException extends IllegalArgumentException {
    /** One problem: where ({@code forwarding.listen_rules[0].bind}) and what is wrong, with a correct example. */
    public record Problem(String path, String message) {
        @Override
        public String toString() {
            return path + ": " + message;
        }
    }

    private final transient List<Problem> problems;

    public PolicyConfigException(List<Problem> problems) {
        super(String.join("\n", problems.stream().map(Problem::toString).toList()));
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }
}
