package alknet.api;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@code -L} or {@code -R} spec (10-tunnel.md section 5): {@code [bind:]port:host:hostport}, IPv6 literals in
 * brackets. For -L the bind side is local (default 127.0.0.1); for -R it is on the server (default localhost).
 */
public record ForwardSpec(String bindHost, int bindPort, String targetHost, int targetPort) {
    public static ForwardSpec parseLocal(String spec) {
        return parse(spec, "127.0.0.1", "--forward");
    }

    public static ForwardSpec parseRemote(String spec) {
        return parse(spec, "localhost", "--remote-forward");
    }

    private static ForwardSpec parse(String spec, String defaultBind, String flag) {
        List<String> parts = split(spec, flag);
        if (parts.size() != 3 && parts.size() != 4) {
            throw new IllegalArgumentException(flag + " '" + spec + "': expected [bind_addr:]bind_port:host:port"
                    + " (IPv6 in brackets, e.g. [::1]:8080:[fd00::1]:80)");
        }
        int i = 0;
        String bind = parts.size() == 4 ? parts.get(i++) : defaultBind;
        int bindPort = port(parts.get(i++), spec, flag, true);
        String host = parts.get(i++);
        int targetPort = port(parts.get(i), spec, flag, false);
        if (host.isEmpty() || bind.isEmpty()) {
            throw new IllegalArgumentException(flag + " '" + spec + "': empty host");
        }
        return new ForwardSpec(bind, bindPort, host, targetPort);
    }

    private static List<String> split(String spec, String flag) {
        List<String> parts = new ArrayList<>();
        int i = 0;
        while (i <= spec.length()) {
            if (i < spec.length() && spec.charAt(i) == '[') {
                int close = spec.indexOf(']', i);
                if (close < 0) {
                    throw new IllegalArgumentException(flag + " '" + spec + "': unclosed '[' in IPv6 address");
                }
                parts.add(spec.substring(i + 1, close));
                i = close + 1;
                if (i < spec.length() && spec.charAt(i) != ':') {
                    throw new IllegalArgumentException(flag + " '" + spec + "': expected ':' after ']'");
                }
                i++;
            } else {
                int colon = spec.indexOf(':', i);
                int end = colon < 0 ? spec.length() : colon;
                parts.add(spec.substring(i, end));
                i = end + 1;
            }
        }
        return parts;
    }

    private static int port(String text, String spec, String flag, boolean zeroAllowed) {
        try {
            int p = Integer.parseInt(text);
            if (p < (zeroAllowed ? 0 : 1) || p > 65535) {
                throw new NumberFormatException();
            }
            return p;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " '" + spec + "': '" + text + "' is not a valid port (1-65535)");
        }
    }
}
