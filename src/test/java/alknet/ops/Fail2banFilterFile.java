package alknet.ops;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a shipped fail2ban INI file the way fail2ban does for what the test needs: sections, continuation lines,
 * {@code %(name)s} interpolation inside a section, {@code %%} for '%', and {@code <HOST>} turned into a Java named
 * group {@code host} with fail2ban 1.0's address definition (IPv4 with an optional {@code ::ffff:} prefix, or IPv6,
 * optionally in brackets), as used with {@code usedns = no}.
 */
final class Fail2banFilterFile {
    static final String HOST_GROUP = "host";
    private static final String IPV4 = "(?:\\d{1,3}\\.){3}\\d{1,3}";
    private static final String IPV6 = "(?:[0-9a-fA-F]{1,4}::?|::){1,7}(?:[0-9a-fA-F]{1,4}|(?<=:):)";
    static final String HOST_REGEX = "\\[?(?:::f{4,6}:)?(?<" + HOST_GROUP + ">" + IPV4 + "|" + IPV6 + ")\\]?";
    private static final Pattern REFERENCE = Pattern.compile("%\\(([A-Za-z0-9_]+)\\)s");

    private final Map<String, Map<String, String>> sections;

    private Fail2banFilterFile(Map<String, Map<String, String>> sections) {
        this.sections = sections;
    }

    static Fail2banFilterFile read(Path file) throws IOException {
        Map<String, Map<String, String>> sections = new LinkedHashMap<>();
        Map<String, String> current = null;
        String lastKey = null;
        for (String line : Files.readAllLines(file)) {
            if (line.isBlank() || line.stripLeading().startsWith("#") || line.stripLeading().startsWith(";")) {
                continue;
            }
            if (line.startsWith("[")) {
                current = sections.computeIfAbsent(line.substring(1, line.indexOf(']')), k -> new LinkedHashMap<>());
                lastKey = null;
            } else if (Character.isWhitespace(line.charAt(0)) && lastKey != null) {
                current.merge(lastKey, "\n" + line.strip(), String::concat); // continuation line
            } else {
                int eq = line.indexOf('=');
                lastKey = line.substring(0, eq).strip();
                current.put(lastKey, line.substring(eq + 1).strip());
            }
        }
        return new Fail2banFilterFile(sections);
    }

    /** The raw value, or null when the section or key is absent. */
    String raw(String section, String key) {
        Map<String, String> s = sections.get(section);
        return s == null ? null : s.get(key);
    }

    /** The value with {@code %(name)s} references (same section) and {@code %%} resolved. */
    String value(String section, String key) {
        String raw = raw(section, key);
        if (raw == null) {
            throw new IllegalArgumentException("no " + key + " in [" + section + "]");
        }
        Matcher m = REFERENCE.matcher(raw);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(value(section, m.group(1))));
        }
        m.appendTail(out);
        return out.toString().replace("%%", "%");
    }

    /** {@code failregex} of [Definition] as a Java pattern; fails when it has no {@code <HOST>}. */
    Pattern failregex() {
        String regex = value("Definition", "failregex");
        if (!regex.contains("<HOST>")) {
            throw new IllegalArgumentException("failregex has no <HOST>: " + regex);
        }
        return Pattern.compile(regex.replace("<HOST>", HOST_REGEX));
    }
}
