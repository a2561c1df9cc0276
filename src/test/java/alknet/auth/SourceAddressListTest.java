package alknet.auth;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The certificate option source-address: addresses and CIDR blocks, IPv4 and IPv6, never names. */
class SourceAddressListTest {
    private static boolean matches(String list, String ip) {
        return SourceAddressList.parse(list).map(l -> l.matches(ip)).orElse(false);
    }

    @Test
    void cidrBlocksAndSingleAddresses() {
        assertThat(matches("10.0.0.0/8", "10.200.1.2")).isTrue();
        assertThat(matches("10.0.0.0/8", "11.0.0.1")).isFalse();
        assertThat(matches("192.168.1.0/25", "192.168.1.127")).isTrue();
        assertThat(matches("192.168.1.0/25", "192.168.1.128")).isFalse();
        assertThat(matches("10.0.0.0/8, 203.0.113.50", "203.0.113.50")).isTrue();
        assertThat(matches("0.0.0.0/0", "8.8.8.8")).isTrue();
    }

    @Test
    void ipv6AndIpv4MappedClients() {
        assertThat(matches("fd00::/8", "fd12::1")).isTrue();
        assertThat(matches("fd00::/8", "fe80::1")).isFalse();
        assertThat(matches("127.0.0.1", "::ffff:127.0.0.1")).isTrue();
        assertThat(matches("::1", "127.0.0.1")).isFalse();
    }

    @Test
    void aListThatCannotBeReadMatchesNothing() {
        assertThat(matches("localhost", "127.0.0.1")).isFalse();
        assertThat(matches("10.0.0.0/33", "10.0.0.1")).isFalse();
        assertThat(matches("127.0.0.1,", "127.0.0.1")).isFalse();
        assertThat(matches("127.1", "127.0.0.1")).isFalse();
        assertThat(matches("127.0.0.1", null)).isFalse();
        assertThat(matches("127.0.0.1", "node-7")).isFalse();
    }
}
