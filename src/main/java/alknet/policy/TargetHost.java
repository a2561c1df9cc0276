package alknet.policy;


import java.net.InetAddress;

/**
 * A tunnel target's host, parsed once (20-auth-config.md section 4): the policy judges and the dialer connects to
 * this one value, never to the text again. Three kinds:
 * <ul>
 *   <li>{@link Address}: any IP spelling, canonical. IPv4-mapped ({@code ::ffff:127.0.0.1}) and IPv4-compatible
 *   ({@code ::127.0.0.1}) IPv6 forms and the inet_aton forms ({@code 127.1}, {@code 0177.0.0.1},
 *   {@code 0x7f000001}, {@code 2130706433}) are the IPv4 address they name; the unspecified addresses
 *   ({@code 0.0.0.0}, {@code ::}), which a connect turns into the local host, are its loopback address.</li>
 *   <li>{@link Name}: a DNS name, lower case, without a trailing dot.</li>
 *   <li>{@link Reserved}: an {@code alknet-*} name (10-tunnel.md section 3), never resolved or dialled.</li>
 * </ul>
 * Anything else (empty, control characters, a zone index, a numeric-looking name that is not a valid address such
 * as {@code 1.2.3.256} or {@code 09.1.1.1}, which resolvers read differently) is refused.
 */
public sealed interface TargetHost {
    /** The longest host text accepted (a DNS name has at most 253 characters; brackets and a dot on top). */
    int MAX_LENGTH = 256;

    /** An IP address target; {@code address} is canonical (see the class comment). */
    record Address(InetAddress address) implements TargetHost {}

    /** A DNS name target, lower case, no trailing dot. */
    record Name(String name) implements TargetHost {}

    /** A reserved {@code alknet-*} destination, lower case. */
    record Reserved(String name) implements TargetHost {}

    /** Parses a requested host; a bad one throws {@link IllegalArgumentException} without quoting the text. */
    static TargetHost parse(String text) {
        return TargetHostParser.parse(text);
    }

    /** The canonical form of an address (mapped, compatible and unspecified forms as in the class comment). */
    static InetAddress canonical(InetAddress address) {
        return TargetHostParser.canonical(address);
    }
}
