package alknet.auth;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads the options field of an authorized_keys line the way sshd does ({@code sshauthopt_parse}): comma-separated,
 * names case-insensitive, values in double quotes ({@code \"} inside), applied left to right (so
 * {@code restrict,port-forwarding} forwards and {@code port-forwarding,restrict} does not). Fail closed: an option
 * alknet does not know, or one whose meaning it cannot honour, rejects the line with FILE:LINE (docs/decisions.md).
 */
final class KeyOptionsParser {
    /** Options that only touch what alknet never offers (pty, agent, X11, ~/.ssh/rc) or restate a default. */
    private static final Set<String> NO_OP_FLAGS = Set.of("no-pty", "pty", "no-agent-forwarding", "agent-forwarding",
            "no-x11-forwarding", "x11-forwarding", "no-user-rc", "user-rc", "touch-required", "no-verify-required");
    private static final String KNOWN = "restrict, cert-authority, [no-]port-forwarding, from=, expiry-time=, permitopen=,"
            + " permitlisten=, principals=, command=, environment=, tunnel=, [no-]pty, [no-]agent-forwarding,"
            + " [no-]x11-forwarding, [no-]user-rc";

    private final String where;
    private final ZoneId zone;
    private boolean certAuthority;
    private SourcePatterns from;
    private Instant expiry;
    private String command;
    private List<String> principals;
    private boolean portForwarding = true;
    private boolean explicitPortForwarding;
    private final List<ForwardPermission> permitOpen = new ArrayList<>();
    private final List<ForwardPermission> permitListen = new ArrayList<>();

    private KeyOptionsParser(String where, ZoneId zone) {
        this.where = where;
        this.zone = zone;
    }

    /** {@code where} (FILE:LINE) prefixes every error; {@code zone} is the local time of {@code expiry-time}. */
    static KeyOptions parse(String where, String field, ZoneId zone) {
        KeyOptionsParser parser = new KeyOptionsParser(where, zone);
        parser.read(field);
        return parser.result();
    }

    private void read(String field) {
        int i = 0;
        while (i < field.length()) {
            int nameEnd = i;
            while (nameEnd < field.length() && field.charAt(nameEnd) != '=' && field.charAt(nameEnd) != ',') {
                nameEnd++;
            }
            String name = field.substring(i, nameEnd).toLowerCase(Locale.ROOT);
            if (name.isEmpty()) {
                throw error("empty option (two commas in a row, or a comma first)");
            }
            i = nameEnd;
            String value = null;
            if (i < field.length() && field.charAt(i) == '=') {
                StringBuilder out = new StringBuilder();
                i = dequote(field, i + 1, name, out);
                value = out.toString();
            }
            apply(name, value);
            if (i < field.length()) {
                i++; // the comma
                if (i == field.length()) {
                    throw error("the options end with a comma");
                }
            }
        }
    }

    /** sshd's {@code opt_dequote}: the value starts with '"' and ends at the next unescaped '"'. */
    private int dequote(String field, int start, String name, StringBuilder out) {
        if (start >= field.length() || field.charAt(start) != '"') {
            throw error(name + "= needs its value in double quotes, e.g. " + name + "=\"...\"");
        }
        int i = start + 1;
        while (i < field.length() && field.charAt(i) != '"') {
            if (field.charAt(i) == '\\' && i + 1 < field.length() && field.charAt(i + 1) == '"') {
                i++;
            }
            out.append(field.charAt(i++));
        }
        if (i >= field.length()) {
            throw error(name + "= has no closing double quote");
        }
        i++;
        if (i < field.length() && field.charAt(i) != ',') {
            throw error("text after " + name + "=\"...\"; separate options with commas and no spaces");
        }
        return i;
    }

    private void apply(String name, String value) {
        if (value == null) {
            flag(name);
            return;
        }
        switch (name) {
            case "from" -> from = SourcePatterns.parse(where, once(from, name, value));
            case "expiry-time" -> {
                Instant t = ExpiryTime.parse(where, value, zone);
                expiry = expiry == null || t.isBefore(expiry) ? t : expiry; // sshd keeps the earliest
            }
            case "command" -> command = once(command, name, value);
            case "principals" -> principals = principals(once(principals, name, value));
            case "permitopen" -> permitOpen.add(ForwardPermission.parseOpen(where, value));
            case "permitlisten" -> permitListen.add(ForwardPermission.parseListen(where, value));
            case "environment" -> environment(value);
            case "tunnel" -> tunnel(value);
            default -> throw unknownOrMisused(name, true);
        }
    }

    private void flag(String name) {
        switch (name) {
            case "restrict", "no-port-forwarding" -> {
                portForwarding = false;
                explicitPortForwarding = false;
            }
            case "port-forwarding" -> {
                portForwarding = true;
                explicitPortForwarding = true;
            }
            case "cert-authority" -> certAuthority = true;
            case "no-touch-required" -> throw error("no-touch-required is not supported: alknet always requires the"
                    + " touch of a FIDO (sk-) key, so the option would have no effect; remove it");
            case "verify-required" -> throw error("verify-required is not supported: alknet cannot check FIDO user"
                    + " verification (PIN), and refuses to accept the key without it; remove the option or the key");
            default -> {
                if (!NO_OP_FLAGS.contains(name)) {
                    throw unknownOrMisused(name, false);
                }
            }
        }
    }

    private KeyFileException unknownOrMisused(String name, boolean hasValue) {
        boolean isFlag = NO_OP_FLAGS.contains(name) || Set.of("restrict", "no-port-forwarding", "port-forwarding",
                "cert-authority", "no-touch-required", "verify-required").contains(name);
        boolean isValued = Set.of("from", "expiry-time", "command", "principals", "permitopen", "permitlisten",
                "environment", "tunnel").contains(name);
        if (hasValue && isFlag) {
            return error(name + " takes no value");
        }
        if (!hasValue && isValued) {
            return error(name + " needs a value, e.g. " + name + "=\"...\"");
        }
        return error("unknown option '" + name + "'; alknet reads " + KNOWN
                + " (sshd(8) AUTHORIZED_KEYS FILE FORMAT); fix or remove it");
    }

    private <T> String once(T current, String name, String value) {
        if (current != null) {
            throw error("more than one " + name + "= option; sshd refuses that too");
        }
        return value;
    }

    private List<String> principals(String value) {
        List<String> names = List.of(value.split(",", -1));
        if (names.stream().anyMatch(String::isEmpty)) {
            throw error("principals=\"" + value + "\" has an empty name; write names separated by commas");
        }
        return names;
    }

    /** sshd applies environment= only with PermitUserEnvironment (default no); alknet runs no program to give it to. */
    private void environment(String value) {
        int eq = value.indexOf('=');
        if (eq <= 0 || !value.substring(0, eq).matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw error("environment=\"" + value + "\" is not NAME=value");
        }
    }

    /** tun device forwarding is never offered, so the device a key is tied to does not matter. */
    private void tunnel(String value) {
        if (!value.equalsIgnoreCase("any") && !value.matches("\\d{1,9}")) {
            throw error("tunnel=\"" + value + "\" is not a tun device number");
        }
    }

    private KeyOptions result() {
        if (principals != null && !certAuthority) {
            throw error("principals= is only allowed on a cert-authority line (sshd ignores it elsewhere);"
                    + " add cert-authority or remove it");
        }
        return new KeyOptions(certAuthority, from, expiry, command, principals,
                new ForwardingRestrictions(portForwarding, permitOpen, permitListen), explicitPortForwarding);
    }

    private KeyFileException error(String problem) {
        return new KeyFileException(where + ": " + problem);
    }

    /** {@code expiry-time="YYYYMMDD[HHMM[SS]]"}, local time unless it ends in Z or UTC (sshd parse_absolute_time). */
    static final class ExpiryTime {
        private ExpiryTime() {}

        static Instant parse(String where, String value, ZoneId localZone) {
            String digits = value;
            ZoneId zone = localZone;
            String upper = value.toUpperCase(Locale.ROOT);
            if (upper.length() > 1 && upper.endsWith("Z")) {
                digits = value.substring(0, value.length() - 1);
                zone = ZoneOffset.UTC;
            } else if (upper.length() > 3 && upper.endsWith("UTC")) {
                digits = value.substring(0, value.length() - 3);
                zone = ZoneOffset.UTC;
            }
            if (!digits.matches("\\d{8}|\\d{12}|\\d{14}")) {
                throw invalid(where, value);
            }
            try {
                LocalDateTime t = LocalDateTime.of(num(digits, 0, 4), num(digits, 4, 6), num(digits, 6, 8),
                        num(digits, 8, 10), num(digits, 10, 12), num(digits, 12, 14));
                return t.atZone(zone).toInstant();
            } catch (DateTimeException e) {
                throw invalid(where, value);
            }
        }

        private static int num(String digits, int from, int to) {
            return to <= digits.length() ? Integer.parseInt(digits.substring(from, to)) : 0;
        }

        private static KeyFileException invalid(String where, String value) {
            return new KeyFileException(where + ": expiry-time=\"" + value + "\" is not a time; write YYYYMMDD,"
                    + " YYYYMMDDHHMM or YYYYMMDDHHMMSS, local time, or with a Z suffix for UTC");
        }
    }
}
