package alknet.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.OptionalInt;

/**
 * Finds the line of a key in TOML text. Jackson's TOML module reports lines for syntax errors only: it
 * builds a tree first, so binding errors (unknown key, wrong type) carry no location. This scan gives them one.
 * Paths are Jackson's: key names as strings, array-of-tables entries as integer indexes
 * ({@code ["auth", "identities", 1, "scopes"]} is {@code scopes} in the second {@code [[auth.identities]]}).
 * It assumes syntactically valid TOML (the parser has accepted the text before it is asked).
 */
public final class TomlKeyLocator {
    /** A key or table header and the line it is written on. */
    public record Entry(List<Object> path, int line) {
    }

    private final List<Entry> entries = new ArrayList<>();
    private final Map<String, Integer> arrayCounts = new HashMap<>();
    private List<Object> table = List.of();
    private String openString;
    private int depth;

    private TomlKeyLocator(String text) {
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            scanLine(lines[i], i + 1);
        }
    }

    public static TomlKeyLocator of(String text) {
        return new TomlKeyLocator(text);
    }

    /** The line where the longest prefix of {@code path} is written, or empty when no part of it is. */
    public OptionalInt line(List<?> path) {
        Entry best = null;
        for (Entry e : entries) {
            if (e.path.size() <= path.size() && e.path.equals(path.subList(0, e.path.size()))
                    && (best == null || e.path.size() > best.path.size())) {
                best = e;
            }
        }
        return best == null ? OptionalInt.empty() : OptionalInt.of(best.line);
    }

    /**
     * The first key or table written a second time. Jackson reports "Duplicate key" at the token after the
     * value (often the next line), so the message takes the line from here.
     */
    public Optional<Entry> firstRepeat() {
        Set<List<Object>> seen = new HashSet<>();
        return entries.stream().filter(e -> !seen.add(e.path)).findFirst();
    }

    /** {@code ["auth", "identities", 1, "key"]} -> {@code auth.identities[1].key}. */
    public static String dotted(List<?> path) {
        StringBuilder sb = new StringBuilder();
        for (Object p : path) {
            if (p instanceof Integer i) {
                sb.append('[').append(i).append(']');
            } else {
                sb.append(sb.isEmpty() ? "" : ".").append(p);
            }
        }
        return sb.toString();
    }

    private void scanLine(String raw, int lineNo) {
        if (openString != null) {
            int end = raw.indexOf(openString);
            if (end >= 0) {
                String delim = openString;
                openString = null;
                scanValue(raw.substring(end + delim.length()));
            }
            return;
        }
        if (depth > 0) {
            scanValue(raw);
            return;
        }
        String line = raw.strip();
        if (line.isEmpty() || line.startsWith("#")) {
            return;
        }
        if (line.startsWith("[[")) {
            table = header(keySegments(line.substring(2, line.indexOf("]]"))), true);
            entries.add(new Entry(table, lineNo));
        } else if (line.startsWith("[")) {
            table = header(keySegments(line.substring(1, line.indexOf(']'))), false);
            entries.add(new Entry(table, lineNo));
        } else {
            int eq = keyEnd(line);
            List<Object> path = new ArrayList<>(table);
            path.addAll(keySegments(line.substring(0, eq)));
            entries.add(new Entry(List.copyOf(path), lineNo));
            scanValue(line.substring(eq + 1));
        }
    }

    /** Resolves a header to a path, putting the current index after every array-of-tables prefix. */
    private List<Object> header(List<String> segments, boolean arrayOfTables) {
        List<Object> path = new ArrayList<>();
        for (int i = 0; i < segments.size(); i++) {
            path.add(segments.get(i));
            String key = path.toString();
            boolean last = i == segments.size() - 1;
            if (last && arrayOfTables) {
                path.add(arrayCounts.merge(key, 1, Integer::sum) - 1);
            } else if (arrayCounts.containsKey(key)) {
                path.add(arrayCounts.get(key) - 1);
            }
        }
        return List.copyOf(path);
    }

    /** Index of the '=' that ends the key, skipping quoted key parts. */
    private static int keyEnd(String line) {
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                quote = c == quote ? 0 : quote;
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '=') {
                return i;
            }
        }
        return line.length();
    }

    /** {@code a."b.c" . d} -> [a, b.c, d]. */
    private static List<String> keySegments(String key) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        char quote = 0;
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    cur.append(c);
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '.') {
                out.add(cur.toString().strip());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString().strip());
        return out;
    }

    /** Tracks multi-line arrays, inline tables and strings so their inner lines are not taken for keys. */
    private void scanValue(String value) {
        int i = 0;
        while (i < value.length()) {
            char c = value.charAt(i);
            if (value.startsWith("\"\"\"", i) || value.startsWith("'''", i)) {
                String delim = value.substring(i, i + 3);
                int end = value.indexOf(delim, i + 3);
                if (end < 0) {
                    openString = delim;
                    return;
                }
                i = end + 3;
                continue;
            }
            if (c == '"' || c == '\'') {
                i = closingQuote(value, i);
            } else if (c == '#') {
                return;
            } else if (c == '[' || c == '{') {
                depth++;
            } else if (c == ']' || c == '}') {
                depth--;
            }
            i++;
        }
    }

    private static int closingQuote(String s, int start) {
        char q = s.charAt(start);
        for (int i = start + 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (q == '"' && c == '\\') {
                i++;
            } else if (c == q) {
                return i;
            }
        }
        return s.length();
    }
}
