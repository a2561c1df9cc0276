package alknet.policy;

import inet.ipaddr.AddressStringParameters.RangeParameters;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import inet.ipaddr.IPAddressStringParameters;
import inet.ipaddr.ipv6.IPv6Address;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/** Parsing of {@link TargetHost} and of IP literals in patterns: one reading of every address spelling. */
final class TargetHostParser {
    private static final IPAddressStringParameters IP_SPELLINGS = new IPAddressStringParameters.Builder()
            .allowEmpty(false).allowAll(false).allowPrefix(false).allowMask(false).allowSingleSegment(true)
            .allowWildcardedSeparator(false).setRangeOptions(RangeParameters.NO_RANGE)
            .allow_inet_aton(true)
            .getIPv4AddressParametersBuilder().allow_inet_aton_hex(true).allow_inet_aton_octal(true)
            .allow_inet_aton_joined_segments(true).allowLeadingZeros(true).getParentBuilder()
            .toParams();
    /** Patterns and bind addresses are written by operators: standard spellings only, so a typo is an error. */
    private static final IPAddressStringParameters STANDARD_SPELLINGS = new IPAddressStringParameters.Builder()
            .allowEmpty(false).allowAll(false).allowPrefix(false).allowMask(false).allowSingleSegment(false)
            .allowWildcardedSeparator(false).setRangeOptions(RangeParameters.NO_RANGE)
            .allow_inet_aton(false)
            .toParams();
    private static final Pattern LABEL = Pattern.compile("[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?");
    private static final Pattern NUMERIC_LABEL = Pattern.compile("[0-9]+|0x[0-9a-f]*");
    private static final String RESERVED_PREFIX = "alknet-";

    private TargetHostParser() {}

    static TargetHost parse(String text) {
        if (text == null || text.isEmpty() || text.length() > TargetHost.MAX_LENGTH) {
            throw new IllegalArgumentException("target host is empty or too long");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c <= ' ' || c >= 0x7f) {
                throw new IllegalArgumentException("target host holds a control, space or non-ASCII character");
            }
        }
        String lower = text.toLowerCase(Locale.ROOT);
        boolean bracketed = lower.startsWith("[") && lower.endsWith("]") && lower.length() > 2;
        String bare = bracketed ? lower.substring(1, lower.length() - 1) : lower;
        if (bare.startsWith(RESERVED_PREFIX) && !bracketed) {
            return new TargetHost.Reserved(bare);
        }
        if (bare.indexOf('%') >= 0) {
            throw new IllegalArgumentException("target address with a zone index is not supported");
        }
        IPAddress ip = new IPAddressString(bare, IP_SPELLINGS).getAddress();
        if (ip != null) {
            if (bracketed && !ip.isIPv6()) {
                throw new IllegalArgumentException("brackets hold an IPv6 address only");
            }
            return new TargetHost.Address(canonical(toInet(ip)));
        }
        if (bracketed || bare.indexOf(':') >= 0) {
            throw new IllegalArgumentException("target host is not a valid IPv6 address");
        }
        return new TargetHost.Name(checkedName(bare));
    }

    private static String checkedName(String lower) {
        String name = lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
        if (name.isEmpty() || name.length() > 253) {
            throw new IllegalArgumentException("target host is not a valid name");
        }
        String[] labels = name.split("\\.", -1);
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                throw new IllegalArgumentException("target host is not a valid name");
            }
        }
        // No top-level domain is numeric: such text is an address spelling that resolvers read differently.
        if (NUMERIC_LABEL.matcher(labels[labels.length - 1]).matches()) {
            throw new IllegalArgumentException("target host is neither a valid address nor a name");
        }
        return name;
    }

    /**
     * An IP literal as written in a pattern or a bind address (standard spellings, brackets allowed, mapped and
     * compatible IPv6 forms as IPv4), or null when {@code text} is not one. Unlike a target, {@code 0.0.0.0} stays
     * itself.
     */
    static InetAddress literal(String text) {
        if (text == null || text.isEmpty() || text.indexOf('%') >= 0) {
            return null;
        }
        String bare = text.length() > 2 && text.startsWith("[") && text.endsWith("]")
                ? text.substring(1, text.length() - 1) : text;
        IPAddress ip = new IPAddressString(bare, STANDARD_SPELLINGS).getAddress();
        return ip == null ? null : embeddedIpv4(toInet(ip));
    }

    static InetAddress canonical(InetAddress address) {
        if (address instanceof java.net.Inet6Address v6 && v6.getScopeId() != 0) {
            throw new IllegalArgumentException("target address with a zone index is not supported");
        }
        InetAddress plain = embeddedIpv4(address);
        if (plain.isAnyLocalAddress()) { // connect() to an unspecified address reaches the local host
            return plain.getAddress().length == 4 ? ipv4((byte) 127, (byte) 0, (byte) 0, (byte) 1) : loopbackV6();
        }
        return plain;
    }

    /** IPv4-mapped ({@code ::ffff:a.b.c.d}) and IPv4-compatible ({@code ::a.b.c.d}, not {@code ::1}) as IPv4. */
    private static InetAddress embeddedIpv4(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (bytes.length != 16) {
            return address;
        }
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return address;
            }
        }
        boolean mapped = bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
        boolean compatible = bytes[10] == 0 && bytes[11] == 0 && bytes[12] != 0;
        return mapped || compatible ? ipv4(bytes[12], bytes[13], bytes[14], bytes[15]) : address;
    }

    private static InetAddress toInet(IPAddress ip) {
        if (ip instanceof IPv6Address v6 && v6.hasZone()) {
            throw new IllegalArgumentException("target address with a zone index is not supported");
        }
        try {
            return InetAddress.getByAddress(ip.getBytes());
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // 4 or 16 bytes: cannot happen
        }
    }

    private static InetAddress ipv4(byte a, byte b, byte c, byte d) {
        try {
            return InetAddress.getByAddress(new byte[] {a, b, c, d});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static InetAddress loopbackV6() {
        byte[] one = new byte[16];
        one[15] = 1;
        try {
            return InetAddress.getByAddress(one);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
