package alknet.config;

/** {@code HOST[:PORT]} with IPv6 in brackets ({@code [::1]:2222}); the port defaults when absent. */
public record HostPort(String host, int port) {
    public static HostPort parse(String text, int defaultPort, String flag) {
        String host = text;
        String port = null;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException(flag + " '" + text + "': unclosed '[' in IPv6 address");
            }
            host = text.substring(1, close);
            String rest = text.substring(close + 1);
            if (rest.startsWith(":")) {
                port = rest.substring(1);
            } else if (!rest.isEmpty()) {
                throw new IllegalArgumentException(flag + " '" + text + "': expected ':PORT' after ']'");
            }
        } else if (text.indexOf(':') >= 0 && text.indexOf(':') == text.lastIndexOf(':')) {
            host = text.substring(0, text.indexOf(':'));
            port = text.substring(text.indexOf(':') + 1);
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException(flag + " '" + text + "': empty host");
        }
        if (port == null) {
            return new HostPort(host, defaultPort);
        }
        try {
            int p = Integer.parseInt(port);
            if (p < 0 || p > 65535) {
                throw new NumberFormatException();
            }
            return new HostPort(host, p);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " '" + text + "': '" + port + "' is not a port (0-65535)");
        }
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
