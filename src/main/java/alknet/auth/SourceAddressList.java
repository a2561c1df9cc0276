package alknet.auth;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The certificate critical option {@code source-address}: a comma-separated list of addresses and CIDR blocks
 * (as {@code sshd} reads it). Only IP literals are parsed, never names, so no DNS lookup can happen.
 */
final class SourceAddressList {
    private final List<CidrBlock> blocks;

    private SourceAddressList(List<CidrBlock> blocks) {
        this.blocks = blocks;
    }

    /** Empty when any entry is not an address or CIDR: a list that cannot be read matches nothing. */
    static Optional<SourceAddressList> parse(String list) {
        if (list == null || list.isBlank()) {
            return Optional.empty();
        }
        List<CidrBlock> blocks = new ArrayList<>();
        for (String entry : list.split(",", -1)) {
            Optional<CidrBlock> block = CidrBlock.parse(entry.strip(), false);
            if (block.isEmpty()) {
                return Optional.empty();
            }
            blocks.add(block.get());
        }
        return Optional.of(new SourceAddressList(blocks));
    }

    boolean matches(String ip) {
        Optional<InetAddress> address = IpLiteral.parse(ip);
        return address.isPresent() && blocks.stream().anyMatch(b -> b.contains(address.get()));
    }
}
