package alknet.client.socks;

/**
 * Formats 16 address bytes as the RFC 5952 text form: lower-case hex, no leading zeros, the longest run of two or
 * more zero groups (the first on a tie) as "::", and IPv4-mapped addresses as ::ffff:a.b.c.d. Done by hand because
 * {@link java.net.InetAddress#getHostAddress()} never compresses and turns mapped addresses into IPv4.
 */
final class Ipv6Literal {
    private Ipv6Literal() {}

    static String format(byte[] address) {
        if (address.length != 16) {
            throw new IllegalArgumentException("IPv6 addresses have 16 bytes");
        }
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((address[2 * i] & 0xFF) << 8) | (address[2 * i + 1] & 0xFF);
        }
        if (isIpv4Mapped(groups)) {
            return "::ffff:" + (address[12] & 0xFF) + "." + (address[13] & 0xFF) + "."
                    + (address[14] & 0xFF) + "." + (address[15] & 0xFF);
        }
        int bestStart = -1;
        int bestLength = 1; // a single zero group is never compressed (RFC 5952 section 4.2.2)
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int end = i;
            while (end < 8 && groups[end] == 0) {
                end++;
            }
            if (end - i > bestLength) {
                bestStart = i;
                bestLength = end - i;
            }
            i = end;
        }
        StringBuilder text = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
                continue;
            }
            if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
        return text.toString();
    }

    private static boolean isIpv4Mapped(int[] groups) {
        for (int i = 0; i < 5; i++) {
            if (groups[i] != 0) {
                return false;
            }
        }
        return groups[5] == 0xFFFF;
    }
}
