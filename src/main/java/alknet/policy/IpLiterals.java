package alknet.policy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * Reads IP literals without ever asking DNS: a strict dotted quad, or text with a ':' (IPv6, brackets allowed).
 * Anything else is a name, which only the server's one resolution turns into addresses (20-auth-config.md
 * section 4, DNS decision).
 */
final class IpLiterals {
    private static final Pattern DOTTED_QUAD = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]+");

    private IpLiterals() {}

    /** The address the literal names, or null when {@code host} is not an IP literal (then it is a name). */
    static InetAddress parse(String host) {
        if (host == null) {
            return null;
        }
        String h = unbracket(host);
        boolean v4 = DOTTED_QUAD.matcher(h).matches();
        boolean v6 = h.indexOf(':') >= 0 && IPV6_CHARS.matcher(h).matches();
        if (!v4 && !v6) {
            return null;
        }
        if (v4) {
            for (String octet : h.split("\\.")) {
                if (Integer.parseInt(octet) > 255) {
                    return null;
                }
            }
        }
        try {
            return InetAddress.getByName(h); // a literal by the checks above: parsed, never looked up
        } catch (UnknownHostException e) {
            return null;
        }
    }

    static boolean isLiteral(String host) {
        return parse(host) != null;
    }

    static String unbracket(String host) {
        if (host.length() >= 2 && host.charAt(0) == '[' && host.charAt(host.length() - 1) == ']') {
            return host.substring(1, host.length() - 1);
        }
        return host;
    }
}
