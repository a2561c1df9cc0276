package alknet.policy;

/**
 * The PORTS part of a target or bind pattern (20-auth-config.md section 4): {@code *}, one port, or an
 * inclusive range {@code lo-hi}. Port 0 is a valid value: {@code alknet-control:0}, and a {@code -R} bind on
 * "any free port".
 */
public record PortRange(int low, int high) {
    public static final PortRange ANY = new PortRange(0, 65535);
    private static final String EXAMPLE = "write a port, a range or *, e.g. \"db.example.com:5432\", "
            + "\"10.0.0.0/8:8000-8999\" or \"*.example.com:*\"";

    public PortRange {
        if (low < 0 || high > 65535 || low > high) {
            throw new IllegalArgumentException("bad port range " + low + "-" + high + "; " + EXAMPLE);
        }
    }

    public static PortRange parse(String text) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException("port missing after ':'; " + EXAMPLE);
        }
        if (text.equals("*")) {
            return ANY;
        }
        int dash = text.indexOf('-');
        if (dash < 0) {
            int port = port(text);
            return new PortRange(port, port);
        }
        int low = port(text.substring(0, dash));
        int high = port(text.substring(dash + 1));
        if (low > high) {
            throw new IllegalArgumentException("port range " + text + " runs backwards; write the lower port first, e.g. \""
                    + high + "-" + low + "\"");
        }
        return new PortRange(low, high);
    }

    private static int port(String text) {
        if (text.isEmpty() || text.length() > 5 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("'" + text + "' is not a port; " + EXAMPLE);
        }
        int port = Integer.parseInt(text);
        if (port > 65535) {
            throw new IllegalArgumentException("port " + port + " is above 65535; " + EXAMPLE);
        }
        return port;
    }

    public boolean contains(int port) {
        return port >= low && port <= high;
    }

    @Override
    public String toString() {
        if (equals(ANY)) {
            return "*";
        }
        return low == high ? Integer.toString(low) : low + "-" + high;
    }
}
