package alknet.auth;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The {@code from="pattern-list"} option of an authorized_keys line, as sshd(8) matches it: comma-separated
 * entries, {@code !} negates one; an entry is an address or CIDR block, or a wildcard pattern ({@code *}, {@code ?})
 * over the client's address text. A negated match refuses whatever else matches. alknet never resolves the client's
 * name (like sshd with {@code UseDNS no}, its default), so a host-name entry could never match: it is a load error
 * instead of a silent no-match. Errors that sshd would only find at login (an inconsistent CIDR) are load errors too.
 */
final class SourcePatterns {
    /** Characters of an address wildcard such as {@code 10.1.*} or {@code fe80::*}. */
    private static final Pattern ADDRESS_WILDCARD = Pattern.compile("[0-9A-Fa-f:.*?]+");

    private record Entry(boolean negated, CidrBlock block, String wildcard) {
        boolean matches(InetAddress address, String text) {
            return block != null ? block.contains(address) : Wildcards.matches(wildcard, text);
        }
    }

    private final String text;
    private final List<Entry> entries;

    private SourcePatterns(String text, List<Entry> entries) {
        this.text = text;
        this.entries = entries;
    }

    /** {@code where} prefixes errors (FILE:LINE). */
    static SourcePatterns parse(String where, String list) {
        List<Entry> entries = new ArrayList<>();
        for (String raw : list.split(",", -1)) {
            boolean negated = raw.startsWith("!");
            String entry = negated ? raw.substring(1) : raw;
            if (entry.isEmpty()) {
                throw new KeyFileException(where + ": from=\"" + list + "\" has an empty entry; write addresses,"
                        + " CIDR blocks or address wildcards separated by commas, e.g. from=\"10.0.0.0/8,192.0.2.*\"");
            }
            Optional<CidrBlock> block = CidrBlock.parse(entry, true);
            if (block.isPresent()) {
                entries.add(new Entry(negated, block.get(), null));
            } else if (entry.indexOf('/') >= 0) {
                throw new KeyFileException(where + ": from= entry '" + entry + "' is not a valid CIDR block (host bits"
                        + " must be zero, e.g. 10.0.0.0/8 rather than 10.0.0.1/8)");
            } else if (ADDRESS_WILDCARD.matcher(entry).matches()) {
                entries.add(new Entry(negated, null, entry.toLowerCase(Locale.ROOT)));
            } else {
                throw new KeyFileException(where + ": from= entry '" + entry + "' is a host name; alknet never looks up"
                        + " the client's name (like sshd with UseDNS no), so it could never match; use addresses,"
                        + " CIDR blocks or address wildcards such as 192.0.2.*");
            }
        }
        return new SourcePatterns(list, List.copyOf(entries));
    }

    /** {@code clientIp}: the bare peer address, null when the transport has none (then nothing matches). */
    boolean matches(String clientIp) {
        Optional<InetAddress> address = IpLiteral.parse(clientIp);
        if (address.isEmpty()) {
            return false;
        }
        String canonical = IpLiteral.canonical(address.get());
        boolean positive = false;
        for (Entry entry : entries) {
            if (entry.matches(address.get(), canonical)) {
                if (entry.negated()) {
                    return false;
                }
                positive = true;
            }
        }
        return positive;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SourcePatterns other && text.equals(other.text);
    }

    @Override
    public int hashCode() {
        return Objects.hash(text);
    }

    @Override
    public String toString() {
        return text;
    }
}
