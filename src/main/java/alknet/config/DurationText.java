package alknet.config;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as operators write them in TOML, flags and environment variables: {@code 500ms}, {@code 30s},
 * {@code 2m}, {@code 1h}, {@code 1d}. A bare number means seconds, so the older {@code --auth-timeout 30} still works.
 */
public final class DurationText {
    private static final Pattern FORM = Pattern.compile("(\\d{1,9})\\s*(ms|s|m|h|d)?");

    private DurationText() {
    }

    /**
     * Parses {@code text}; {@code what} names the setting in the error (for example
     * {@code "alknet.toml:12 limits.auth_timeout"}).
     */
    public static Duration parse(String text, String what) {
        try {
            return parse(text);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(what + ": " + e.getMessage(), e);
        }
    }

    /** Like {@link #parse(String, String)}; the error names no origin. */
    public static Duration parse(String text) {
        Matcher m = FORM.matcher(text == null ? "" : text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration; write a whole number with a unit,"
                    + " for example \"30s\", \"2m\" or \"1h\" (units: ms, s, m, h, d; no unit = seconds)");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    /** The shortest exact text for {@code d} in the same notation ({@code 90s} -> "90s", {@code 2m} -> "2m"). */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms % 1000 != 0) {
            return ms + "ms";
        }
        long s = ms / 1000;
        if (s != 0 && s % 86_400 == 0) {
            return s / 86_400 + "d";
        }
        if (s != 0 && s % 3600 == 0) {
            return s / 3600 + "h";
        }
        if (s != 0 && s % 60 == 0) {
            return s / 60 + "m";
        }
        return s + "s";
    }
}
