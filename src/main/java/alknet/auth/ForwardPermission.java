package alknet.auth;

import java.net.InetAddress;
import java.util.Locale;
import java.util.Optional;

/**
 * One {@code permitopen="host:port"} or {@code permitlisten="[host:]port"} entry of an authorized_keys line
 * (sshd(8)). {@code port} is {@link #ANY_PORT} for {@code *}. IPv6 hosts are written in brackets and kept without.
 */
public record ForwardPermission(String host, int port) {
    public static final int ANY_PORT = -1;
    static final String ANY_HOST = "*";

    /** {@code permitopen="host:port"}: host {@code *} (any) or the exact text a client must ask for. */
    static ForwardPermission parseOpen(String where, String value) {
        return parse(where, "permitopen", value);
    }

    /** {@code permitlisten="[host:]port"}: a bare port means any listen host ({@code *:port}), as in sshd. */
    static ForwardPermission parseListen(String where, String value) {
        return parse(where, "permitlisten", value.indexOf(':') < 0 ? ANY_HOST + ":" + value : value);
    }

    /**
     * sshd compares the requested host as text, no DNS ({@code open_match}). alknet compares what the text names: an
     * address entry matches the same address in any spelling, a name entry the same name (case and a trailing dot
     * aside), a name never an address ({@code localhost} is not {@code 127.0.0.1}).
     */
    public boolean permitsOpen(String requestedHost, int requestedPort) {
        return portMatches(requestedPort) && permitsOpenHost(requestedHost);
    }

    /** The host part of {@link #permitsOpen}. */
    public boolean permitsOpenHost(String requestedHost) {
        if (host.equals(ANY_HOST)) {
            return true;
        }
        if (requestedHost == null) {
            return false;
        }
        Optional<InetAddress> entry = IpLiteral.parse(host);
        Optional<InetAddress> requested = IpLiteral.parse(requestedHost);
        if (entry.isPresent() || requested.isPresent()) {
            return entry.isPresent() && entry.equals(requested);
        }
        return withoutTrailingDot(host).equalsIgnoreCase(withoutTrailingDot(requestedHost));
    }

    private static String withoutTrailingDot(String name) {
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }

    /**
     * sshd matches the bind host as sent ({@code remote_open_match}): {@code ssh -R 8080:..} sends {@code localhost},
     * {@code -R '*:8080:..'} sends the empty string; the entry's host may hold {@code *} and {@code ?} wildcards.
     */
    public boolean permitsListen(String requestedHost, int requestedPort) {
        return portMatches(requestedPort) && requestedHost != null
                && Wildcards.matches(host.toLowerCase(Locale.ROOT), requestedHost.toLowerCase(Locale.ROOT));
    }

    private boolean portMatches(int requestedPort) {
        return port == ANY_PORT || port == requestedPort;
    }

    /** sshd's {@code hpdelim2}: {@code [v6]:port}, {@code host:port} or {@code host/port}. */
    private static ForwardPermission parse(String where, String option, String value) {
        String host;
        String rest;
        if (value.startsWith("[")) {
            int close = value.indexOf(']');
            if (close < 0 || close + 1 >= value.length() || ":/".indexOf(value.charAt(close + 1)) < 0) {
                throw invalid(where, option, value, "an IPv6 host needs brackets followed by ':PORT', e.g. [::1]:22");
            }
            host = value.substring(1, close);
            rest = value.substring(close + 2);
        } else {
            int delimiter = indexOfAny(value, ":/");
            if (delimiter < 0) {
                throw invalid(where, option, value, "expected HOST:PORT");
            }
            host = value.substring(0, delimiter);
            rest = value.substring(delimiter + 1);
        }
        if (host.isEmpty() && option.equals("permitopen")) {
            throw invalid(where, option, value, "the host is empty; use * for any host");
        }
        return new ForwardPermission(host, port(where, option, value, rest));
    }

    private static int port(String where, String option, String value, String text) {
        if (text.equals("*")) {
            return ANY_PORT;
        }
        if (text.matches("\\d{1,5}")) {
            int port = Integer.parseInt(text);
            if (port >= 1 && port <= 65535) {
                return port;
            }
        }
        throw invalid(where, option, value, "the port must be 1-65535 or *");
    }

    private static int indexOfAny(String s, String chars) {
        for (int i = 0; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }

    private static KeyFileException invalid(String where, String option, String value, String problem) {
        return new KeyFileException(where + ": " + option + "=\"" + value + "\": " + problem);
    }

    @Override
    public String toString() {
        String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        return h + ":" + (port == ANY_PORT ? "*" : Integer.toString(port));
    }
}
