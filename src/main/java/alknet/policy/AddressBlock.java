package alknet.policy;

import java.net.InetAddress;

/**
 * An IP literal or CIDR block of a pattern ({@code 10.0.0.0/8}, {@code fd00::/8}, {@code 192.0.2.7}); a literal
 * is a block of full length. IPv4-mapped IPv6 addresses arrive as IPv4 from {@link InetAddress}, so a v4 block
 * covers them too.
 */
record AddressBlock(InetAddress network, int prefixLength) {

    static AddressBlock single(InetAddress address) {
        return new AddressBlock(address, address.getAddress().length * 8);
    }

    boolean isSingleAddress() {
        return prefixLength == network.getAddress().length * 8;
    }

    boolean contains(InetAddress address) {
        byte[] net = network.getAddress();
        byte[] addr = address.getAddress();
        if (net.length != addr.length) {
            return false;
        }
        int fullBytes = prefixLength / 8;
        for (int i = 0; i < fullBytes; i++) {
            if (net[i] != addr[i]) {
                return false;
            }
        }
        int restBits = prefixLength % 8;
        if (restBits == 0) {
            return true;
        }
        int mask = (0xff << (8 - restBits)) & 0xff;
        return (net[fullBytes] & mask) == (addr[fullBytes] & mask);
    }

    /** True when bits after the prefix are set ({@code 10.1.2.3/8}), which is almost always a typo. */
    boolean hasHostBits() {
        byte[] net = network.getAddress();
        for (int bit = prefixLength; bit < net.length * 8; bit++) {
            if ((net[bit / 8] & (0x80 >> (bit % 8))) != 0) {
                return true;
            }
        }
        return false;
    }

    /** The block with host bits cleared, for the "did you mean" hint. */
    String networkText() {
        byte[] net = network.getAddress().clone();
        for (int bit = prefixLength; bit < net.length * 8; bit++) {
            net[bit / 8] &= (byte) ~(0x80 >> (bit % 8));
        }
        try {
            return InetAddress.getByAddress(net).getHostAddress() + "/" + prefixLength;
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e); // cannot happen: length is 4 or 16
        }
    }

    @Override
    public String toString() {
        String text = network.getHostAddress();
        return isSingleAddress() ? text : text + "/" + prefixLength;
    }
}
