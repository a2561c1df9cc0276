package alknet.testsupport;

import alknet.testsupport.TunnelDestinations.Destination;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds log lines that name a tunnel destination (10-tunnel.md section 4). The run-wide check
 * ({@link #leaks}) is built to have no false positives with ephemeral ports: it looks for
 * {@code host:port} / {@code [host]:port} (as a token, also after "/" as in exception messages),
 * domain names as whole tokens (except {@code localhost}, which is also the -R bind default and a
 * server address), and {@code key=PORT} field values except the keys that carry the client's own
 * or a listener's port ({@code remote_port}, {@code port}), which an ephemeral destination port of
 * an earlier test can equal by chance. Tests that pick their destination ports deliberately use
 * {@link #strictLeaks} instead, which also flags the port as any standalone number.
 */
public final class DestinationFreeLogs {
    /** Field keys whose value is never a destination: the peer's source port, a listener's own port. */
    private static final Set<String> NON_DESTINATION_PORT_KEYS = Set.of("remote_port", "port");
    private static final Pattern IP_V4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private DestinationFreeLogs() {}

    /** Lines (with the reason) that leak one of {@code destinations}; empty when all is well. */
    public static List<String> leaks(Collection<String> lines, Collection<Destination> destinations) {
        List<Pattern> patterns = new ArrayList<>();
        for (Destination d : destinations) {
            patterns.addAll(hostPortPatterns(d));
            if (isDomainName(d.host()) && !d.host().equalsIgnoreCase("localhost")) {
                patterns.add(token(d.host()));
            }
        }
        List<String> found = new ArrayList<>(match(lines, patterns));
        for (String line : lines) {
            for (Destination d : destinations) {
                Matcher m = Pattern.compile("([A-Za-z_][\\w.-]*)=\"?" + d.port() + "(?![\\w.])").matcher(line);
                while (m.find()) {
                    if (!NON_DESTINATION_PORT_KEYS.contains(m.group(1).toLowerCase(Locale.ROOT))) {
                        found.add("field " + m.group(1) + "=" + d.port() + " (destination " + d + "): " + line);
                    }
                }
            }
        }
        return found;
    }

    /**
     * Everything {@link #leaks} finds, plus: the port as any standalone number, every domain name
     * (localhost included) as a token, and each of {@code extraTokens} (e.g. byte counts) as a token.
     * Only for tests whose destination ports cannot equal an ephemeral port (pick them below 32768).
     */
    public static List<String> strictLeaks(Collection<String> lines, Collection<Destination> destinations,
            Collection<String> extraTokens) {
        List<Pattern> patterns = new ArrayList<>();
        for (Destination d : destinations) {
            patterns.addAll(hostPortPatterns(d));
            patterns.add(token(Integer.toString(d.port())));
            if (isDomainName(d.host())) {
                patterns.add(token(d.host()));
            }
        }
        for (String extra : extraTokens) {
            patterns.add(token(extra));
        }
        List<String> found = new ArrayList<>(leaks(lines, destinations));
        found.addAll(match(lines, patterns));
        return found.stream().distinct().toList();
    }

    /** Throws an AssertionError listing the leaks, if there are any. */
    public static void assertNone(List<String> leaks, String where) {
        if (!leaks.isEmpty()) {
            throw new AssertionError(leaks.size() + " log line(s) " + where
                    + " name a tunnel destination or a byte count (10-tunnel.md section 4: never logged at any level):\n"
                    + String.join("\n", leaks));
        }
    }

    static boolean isDomainName(String host) {
        return !host.contains(":") && !IP_V4.matcher(host).matches();
    }

    private static List<Pattern> hostPortPatterns(Destination d) {
        String port = Integer.toString(d.port());
        List<Pattern> list = new ArrayList<>();
        if (d.host().contains(":")) {
            list.add(Pattern.compile(Pattern.quote("[" + d.host() + "]:" + port) + "(?!\\d)", Pattern.CASE_INSENSITIVE));
            list.add(Pattern.compile("(?<![\\w:])" + Pattern.quote(d.host()) + "[:.]" + port + "(?!\\d)",
                    Pattern.CASE_INSENSITIVE));
        } else {
            list.add(Pattern.compile("(?<![\\w.-])" + Pattern.quote(d.host()) + ":" + port + "(?!\\d)",
                    Pattern.CASE_INSENSITIVE));
        }
        return list;
    }

    private static Pattern token(String text) {
        return Pattern.compile("(?<![\\w.-])" + Pattern.quote(text) + "(?![\\w-]|\\.\\w)", Pattern.CASE_INSENSITIVE);
    }

    private static List<String> match(Collection<String> lines, List<Pattern> patterns) {
        List<String> found = new ArrayList<>();
        for (String line : lines) {
            for (Pattern p : patterns) {
                if (p.matcher(line).find()) {
                    found.add("matches " + p.pattern() + ": " + line);
                }
            }
        }
        return found;
    }
}
