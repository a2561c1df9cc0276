package alknet.policy;

import java.net.InetAddress;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A target or bind pattern {@code HOST[:PORTS]} (20-auth-config.md section 4). HOST is one of:
 * <ul>
 *   <li>{@code *}: any ordinary host (not the reserved {@code alknet-*} names, which only name patterns reach);</li>
 *   <li>an exact name, case-insensitive ({@code db.example.com});</li>
 *   <li>{@code *.domain}: subdomains only, never the bare domain;</li>
 *   <li>an IP literal ({@code 192.0.2.7}, {@code fd00::1}, {@code [fd00::1]:22}: brackets when a port follows);</li>
 *   <li>a CIDR block ({@code 10.0.0.0/8}, {@code [fd00::]/8:443});</li>
 *   <li>{@code alknet-*}: the reserved destinations (10-tunnel.md section 3), case-insensitive prefix.</li>
 * </ul>
 * PORTS is {@code *}, a port or {@code lo-hi}; omitted means any. IP and CIDR patterns match an IP literal host
 * directly and a name through the addresses it resolved to; name patterns never look at addresses.
 */
public final class TargetPattern {
    /** What the HOST part is. */
    public enum HostKind { ANY, EXACT_NAME, SUBDOMAINS, ADDRESS, CIDR, RESERVED }

    private static final Pattern NAME = Pattern.compile("[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*");
    private static final String EXAMPLES = "e.g. \"db.example.com:5432\", \"*.example.com\", \"10.0.0.0/8:5432\", "
            + "\"[fd00::1]:22\" or \"*:443\"";

    private final String text;
    private final HostKind kind;
    private final String name;          // EXACT_NAME: the name; SUBDOMAINS: ".domain"; lower case
    private final AddressBlock block;   // ADDRESS and CIDR
    private final PortRange ports;

    private TargetPattern(String text, HostKind kind, String name, AddressBlock block, PortRange ports) {
        this.text = text;
        this.kind = kind;
        this.name = name;
        this.block = block;
        this.ports = ports;
    }

    /** Parses a pattern; a bad one throws IllegalArgumentException saying what is wrong, with a correct example. */
    public static TargetPattern parse(String pattern) {
        if (pattern == null || pattern.isBlank()) {
            throw new IllegalArgumentException("empty pattern; write HOST[:PORTS], " + EXAMPLES);
        }
        String text = pattern.trim();
        String host;
        String portText = null;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("'" + text + "' has '[' without ']'; write an IPv6 address as \"[fd00::1]:22\"");
            }
            String rest = text.substring(close + 1);
            String prefix = "";
            if (rest.startsWith("/")) { // [fd00::]/8 or [fd00::]/8:443
                int colon = rest.indexOf(':');
                prefix = colon < 0 ? rest : rest.substring(0, colon);
                rest = colon < 0 ? "" : rest.substring(colon);
            }
            if (!rest.isEmpty() && !rest.startsWith(":")) {
                throw new IllegalArgumentException("unexpected '" + rest + "' after ']' in '" + text
                        + "'; write \"[fd00::1]:22\" or \"[fd00::]/8:443\"");
            }
            host = text.substring(1, close) + prefix;
            portText = rest.isEmpty() ? null : rest.substring(1);
        } else if (text.indexOf(':') != text.lastIndexOf(':')) {
            host = text; // bare IPv6 literal or block, no port
        } else {
            int colon = text.indexOf(':');
            host = colon < 0 ? text : text.substring(0, colon);
            portText = colon < 0 ? null : text.substring(colon + 1);
        }
        PortRange ports = portText == null ? PortRange.ANY : PortRange.parse(portText);
        return parseHost(text, host, ports);
    }

    private static TargetPattern parseHost(String text, String host, PortRange ports) {
        String lower = host.toLowerCase(Locale.ROOT);
        if (lower.isEmpty()) {
            throw new IllegalArgumentException("host missing in '" + text + "'; write \"*:" + ports + "\" for any host");
        }
        if (lower.equals("*")) {
            return new TargetPattern(text, HostKind.ANY, null, null, ports);
        }
        if (lower.equals("alknet-*")) {
            return new TargetPattern(text, HostKind.RESERVED, null, null, ports);
        }
        if (lower.startsWith("*.") && lower.indexOf('*', 1) < 0) {
            String domain = stripTrailingDot(lower.substring(2));
            requireName(text, domain);
            return new TargetPattern(text, HostKind.SUBDOMAINS, "." + domain, null, ports);
        }
        if (lower.indexOf('*') >= 0) {
            throw new IllegalArgumentException("'" + host + "': only a leading '*.' wildcard (\"*.example.com\"), "
                    + "'*' alone or \"alknet-*\" are supported");
        }
        if (lower.indexOf('/') >= 0) {
            return new TargetPattern(text, HostKind.CIDR, null, parseCidr(host), ports);
        }
        InetAddress literal = TargetHostParser.literal(lower);
        if (literal != null) {
            return new TargetPattern(text, HostKind.ADDRESS, null, AddressBlock.single(literal), ports);
        }
        if (lower.indexOf(':') >= 0 || lower.matches("[0-9.]+")) {
            throw new IllegalArgumentException("'" + host + "' is not a valid IP address; e.g. \"192.0.2.7\" or \"fd00::1\"");
        }
        String exact = stripTrailingDot(lower);
        requireName(text, exact);
        return new TargetPattern(text, HostKind.EXACT_NAME, exact, null, ports);
    }

    private static AddressBlock parseCidr(String host) {
        int slash = host.indexOf('/');
        String addressText = unbracket(host.substring(0, slash));
        String bitsText = host.substring(slash + 1);
        InetAddress network = TargetHostParser.literal(addressText);
        if (network == null) {
            throw new IllegalArgumentException("'" + addressText + "' in '" + host
                    + "' is not an IP address; write a CIDR block as \"10.0.0.0/8\" or \"[fd00::]/8\"");
        }
        int maxBits = network.getAddress().length * 8;
        int bits;
        try {
            bits = Integer.parseInt(bitsText);
        } catch (NumberFormatException e) {
            bits = -1;
        }
        if (bits < 0 || bits > maxBits || !bitsText.matches("\\d{1,3}")) {
            throw new IllegalArgumentException("prefix length '" + bitsText + "' in '" + host + "' must be 0.." + maxBits
                    + "; e.g. \"10.0.0.0/8\" or \"[fd00::]/8\"");
        }
        AddressBlock block = new AddressBlock(network, bits);
        if (block.hasHostBits()) {
            throw new IllegalArgumentException("'" + host + "' has bits set after the /" + bits + " prefix; did you mean \""
                    + block.networkText() + "\"?");
        }
        return block;
    }

    private static void requireName(String text, String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("'" + name + "' in '" + text + "' is not a host name, IP address or CIDR; "
                    + EXAMPLES);
        }
    }

    /**
     * True when the pattern matches a requested target and {@code port}. For IP and CIDR patterns against a name,
     * {@code addresses} are the name's resolved addresses and any one inside the block matches; the caller passes
     * one address at a time to decide per address.
     */
    public boolean matches(TargetHost host, int port, List<InetAddress> addresses) {
        return ports.contains(port) && matchesHost(host, addresses);
    }

    /**
     * The same for a {@code -R} bind address as requested ({@code ""} for the wildcard forms, which only {@code *}
     * and IP or CIDR patterns match, through {@code addresses}).
     */
    public boolean matchesBind(String bindHost, int port, List<InetAddress> addresses) {
        if (!ports.contains(port)) {
            return false;
        }
        if (bindHost.isEmpty()) {
            return kind == HostKind.ANY || (usesAddresses() && addresses.stream().anyMatch(block::contains));
        }
        InetAddress literal = TargetHostParser.literal(bindHost);
        TargetHost host = literal != null ? new TargetHost.Address(literal)
                : new TargetHost.Name(stripTrailingDot(bindHost.toLowerCase(Locale.ROOT)));
        return matchesHost(host, addresses);
    }

    private boolean matchesHost(TargetHost host, List<InetAddress> addresses) {
        return switch (kind) {
            case ANY -> !(host instanceof TargetHost.Reserved);
            case RESERVED -> host instanceof TargetHost.Reserved;
            case EXACT_NAME -> host instanceof TargetHost.Name n && n.name().equals(name)
                    || host instanceof TargetHost.Reserved r && r.name().equals(name);
            case SUBDOMAINS -> host instanceof TargetHost.Name n && n.name().endsWith(name)
                    && n.name().length() > name.length();
            case ADDRESS, CIDR -> host instanceof TargetHost.Address a ? block.contains(a.address())
                    : host instanceof TargetHost.Name && addresses.stream().anyMatch(block::contains);
        };
    }

    /** True for IP and CIDR patterns: they can only judge a name through its resolved addresses. */
    public boolean usesAddresses() {
        return kind == HostKind.ADDRESS || kind == HostKind.CIDR;
    }

    public HostKind hostKind() {
        return kind;
    }

    public PortRange ports() {
        return ports;
    }

    private static String unbracket(String host) {
        return host.length() >= 2 && host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    private static String stripTrailingDot(String host) {
        return host.endsWith(".") && host.length() > 1 ? host.substring(0, host.length() - 1) : host;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TargetPattern p && p.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    /** The pattern as written. */
    @Override
    public String toString() {
        return text;
    }
}
