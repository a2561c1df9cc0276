package alknet.auth;

import java.net.InetAddress;
import java.util.Optional;

/** An address block ({@code 10.0.0.0/8}, {@code fd00::/8}) or one address (a block of full length). */
final class CidrBlock {
    private final byte[] network;
    private final int prefix;

    private CidrBlock(byte[] network, int prefix) {
        this.network = network;
        this.prefix = prefix;
    }

    /**
     * Reads {@code ADDRESS[/BITS]}; empty when it is not one. {@code strict} also refuses host bits set below the
     * prefix ({@code 10.0.0.1/8}), as {@code sshd}'s {@code from=} does ("inconsistent mask length").
     */
    static Optional<CidrBlock> parse(String text, boolean strict) {
        int slash = text.indexOf('/');
        Optional<InetAddress> address = IpLiteral.parse(slash < 0 ? text : text.substring(0, slash));
        if (address.isEmpty()) {
            return Optional.empty();
        }
        byte[] network = address.get().getAddress();
        int prefix = network.length * 8;
        if (slash >= 0) {
            String digits = text.substring(slash + 1);
            if (!digits.matches("\\d{1,3}") || Integer.parseInt(digits) > prefix) {
                return Optional.empty();
            }
            prefix = Integer.parseInt(digits);
        }
        CidrBlock block = new CidrBlock(network, prefix);
        return strict && !block.hostBitsClear() ? Optional.empty() : Optional.of(block);
    }

    boolean contains(InetAddress address) {
        byte[] a = address.getAddress();
        if (a.length != network.length) {
            return false;
        }
        for (int bit = 0; bit < prefix; bit++) {
            if (bitAt(a, bit) != bitAt(network, bit)) {
                return false;
            }
        }
        return true;
    }

    private boolean hostBitsClear() {
        for (int bit = prefix; bit < network.length * 8; bit++) {
            if (bitAt(network, bit)) {
                return false;
            }
        }
        return true;
    }

    private static boolean bitAt(byte[] bytes, int bit) {
        return (bytes[bit / 8] & (0x80 >>> (bit % 8))) != 0;
    }
}
