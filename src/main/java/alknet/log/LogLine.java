package alknet.log;

/**
 * Builds one server log line of {@code key=value} fields (10-tunnel.md section 4). Values with spaces or quotes
 * are quoted and control characters escaped, so a peer-chosen string (a user name) cannot forge a line.
 */
public final class LogLine {
    private final StringBuilder text;

    private LogLine(String leadingWords) {
        this.text = new StringBuilder(leadingWords);
    }

    public static LogLine of(String leadingWords) {
        return new LogLine(leadingWords);
    }

    public LogLine kv(String key, Object value) {
        text.append(' ').append(key).append('=').append(quote(String.valueOf(value)));
        return this;
    }

    static String quote(String value) {
        StringBuilder out = new StringBuilder();
        boolean needsQuotes = value.isEmpty();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
                needsQuotes = true;
            } else if (c < 0x20 || c == 0x7f) {
                out.append(String.format("\\x%02x", (int) c));
                needsQuotes = true;
            } else {
                needsQuotes |= c == ' ' || c == '=';
                out.append(c);
            }
        }
        return needsQuotes ? "\"" + out + "\"" : out.toString();
    }

    @Override
    public String toString() {
        return text.toString();
    }
}
