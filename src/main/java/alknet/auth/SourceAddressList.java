package alknet.auth;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The certificate critical option {@code source-address}: a comma-separated list of addresses and CIDR blocks
 * (as {@code sshd} reads it). Only IP literals are parsed, never names, so no DNS lookup can happen.
 */
final class SourceAddressList {
    private static final Pattern IP_LITERAL = Pattern.compile("[0-9A-Fa-f:.]+");

    private record Block(byte[] network, int prefix) {
        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (address[full] & mask) == (network[full] & mask);
        }
    }

    private final List<Block> blocks;

    private SourceAddressList(List<Block> blocks) {
        this.blocks = blocks;
    }

    /** Empty when any entry is not an address or CIDR: a list that cannot be read matches nothing. */
    static Optional<SourceAddressList> parse(String list) {
        if (list == null || list.isBlank()) {
            return Optional.empty();
        }
        List<Block> blocks = new ArrayList<>();
        for (String entry : list.split(",", -1)) {
            Optional<Block> block = parseBlock(entry.strip());
            if (block.isEmpty()) {
                return Optional.empty();
            }
            blocks.add(block.get());
        }
        return Optional.of(new SourceAddressList(blocks));
    }

    boolean matches(String ip) {
        Optional<byte[]> address = literal(ip);
        return address.isPresent() && blocks.stream().anyMatch(b -> b.contains(address.get()));
    }

    private static Optional<Block> parseBlock(String entry) {
        int slash = entry.indexOf('/');
        Optional<byte[]> network = literal(slash < 0 ? entry : entry.substring(0, slash));
        if (network.isEmpty()) {
            return Optional.empty();
        }
        int bits = network.get().length * 8;
        int prefix = bits;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(entry.substring(slash + 1));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
            if (prefix < 0 || prefix > bits) {
                return Optional.empty();
            }
        }
        return Optional.of(new Block(network.get(), prefix));
    }

    private static Optional<byte[]> literal(String text) {
        if (text == null || text.isEmpty() || !IP_LITERAL.matcher(text).matches()) {
            return Optional.empty();
        }
        if (!text.contains(":") && text.split("\\.", -1).length != 4) {
            return Optional.empty(); // "10" or "10.1" are legacy inet_aton forms, not addresses here
        }
        try {
            // A literal only (checked above): getByName does not resolve; IPv4-mapped IPv6 becomes IPv4.
            return Optional.of(InetAddress.getByName(text).getAddress());
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }
}
