package alknet.auth;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code from="pattern-list"} as sshd matches it without DNS: addresses, CIDR blocks, {@code *}/{@code ?} wildcards
 * over the address text, {@code !} negation that wins over any positive match, IPv6 in its compressed form.
 */
class SourcePatternsTest {
    @ParameterizedTest(name = "from=\"{0}\" client {1} -> {2}")
    @CsvSource(delimiter = '|', nullValues = "null", textBlock = """
            127.0.0.1                      | 127.0.0.1       | true
            10.9.9.9                       | 127.0.0.1       | false
            127.0.0.0/8                    | 127.1.2.3       | true
            127.0.0.0/8                    | 128.0.0.1       | false
            10.0.0.0/8,127.0.0.1           | 127.0.0.1       | true
            127.0.0.*                      | 127.0.0.1       | true
            127.0.0.?                      | 127.0.0.12      | false
            127.0.0.?                      | 127.0.0.9       | true
            *                              | 203.0.113.5     | true
            !127.0.0.1,*                   | 127.0.0.1       | false
            *,!127.0.0.1                   | 127.0.0.1       | false
            !127.0.0.1,*                   | 127.0.0.2       | true
            !127.0.0.1                     | 127.0.0.2       | false
            !10.0.0.0/8,127.0.0.0/8        | 127.0.0.1       | true
            ::1                            | ::1             | true
            ::1                            | 0:0:0:0:0:0:0:1 | true
            fe80::*                        | fe80:0:0:0:0:0:0:1 | true
            fe80::/16                      | fe80::1%eth0    | true
            FD00::/8                       | fd12::1         | true
            2001:DB8::*                    | 2001:db8:0:0:1:0:0:1 | true
            127.0.0.1                      | ::ffff:127.0.0.1 | true
            127.0.0.1                      | null            | false
            *                              | null            | false
            """)
    void matchesLikeSshd(String patterns, String clientIp, boolean matches) {
        assertThat(SourcePatterns.parse("ak:1", patterns).matches(clientIp)).isEqualTo(matches);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            0:0:0:0:0:0:0:1       | ::1
            2001:db8:0:0:1:0:0:1  | 2001:db8::1:0:0:1
            2001:db8:0:1:0:0:0:0  | 2001:db8:0:1::
            2001:db8:1:1:1:1:0:1  | 2001:db8:1:1:1:1:0:1
            0:0:0:0:0:0:0:0       | ::
            """)
    void ipv6TextIsCompressedAsGetnameinfoPrintsIt(String address, String canonical) {
        assertThat(IpLiteral.canonical(IpLiteral.parse(address).orElseThrow())).isEqualTo(canonical);
    }
}
