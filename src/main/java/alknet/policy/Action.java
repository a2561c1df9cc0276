package alknet.policy;

import java.util.Locale;

/** What a forwarding rule or the policy default does (20-auth-config.md section 4). */
public enum Action {
    ALLOW, DENY;

    /** Parses the TOML form {@code "allow"} / {@code "deny"} (case-insensitive). */
    public static Action parse(String text) {
        if (text != null) {
            for (Action a : values()) {
                if (a.name().equalsIgnoreCase(text.trim())) {
                    return a;
                }
            }
        }
        throw new IllegalArgumentException("action must be \"allow\" or \"deny\", got " + quoted(text)
                + "; e.g. action = \"allow\"");
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static String quoted(String text) {
        return text == null ? "nothing" : "\"" + text + "\"";
    }
}
