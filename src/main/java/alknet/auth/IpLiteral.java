package alknet.auth;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * IP literals as {@code sshd} reads them in {@code from=} and {@code source-address}: a dotted quad or IPv6 text,
 * parsed without any DNS lookup; names are never addresses here.
 */
final class IpLiteral {
    private static final Pattern DOTTED_QUAD = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]+");

    private IpLiteral() {}

    /** The address, or empty when {@code text} is not a literal ("10.1" and other inet_aton forms are not). */
    static Optional<InetAddress> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        int zone = text.indexOf('%');
        if (zone > 0 && text.indexOf(':') >= 0) {
            text = text.substring(0, zone); // fe80::1%eth0: the scope names an interface, not another address
        }
        boolean v4 = DOTTED_QUAD.matcher(text).matches();
        boolean v6 = text.indexOf(':') >= 0 && IPV6_CHARS.matcher(text).matches();
        if (v4) {
            for (String octet : text.split("\\.")) {
                if (Integer.parseInt(octet) > 255) {
                    return Optional.empty();
                }
            }
        }
        if (!v4 && !v6) {
            return Optional.empty();
        }
        try {
            // A literal by the checks above: parsed, never looked up; IPv4-mapped IPv6 becomes IPv4.
            return Optional.of(InetAddress.getByName(text));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    /**
     * The text {@code sshd} matches wildcard patterns against: dotted quad, or IPv6 in lower-case compressed form
     * (RFC 5952, what getnameinfo prints), so {@code fe80::*} matches however the transport wrote the address.
     */
    static String canonical(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return address.getHostAddress();
        }
        byte[] b = address.getAddress();
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1; // a single zero group is not compressed
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLength - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(groups[i]));
        }
        return out.toString();
    }
}
