package alknet.policy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every target pattern form of 20-auth-config.md section 4, matching and not matching, and bad patterns. */
class TargetPatternTest {

    @ParameterizedTest(name = "{0} vs {1}:{2} resolved [{3}] -> {4}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            # pattern                 | host                | port  | resolved                 | matches
            # * : any ordinary host, any port, never a reserved name
            *                         | example.com         | 443   | -                        | true
            *                         | 192.0.2.1           | 1     | -                        | true
            *                         | alknet-control      | 0     | -                        | false
            *:443                     | example.com         | 443   | -                        | true
            *:443                     | example.com         | 444   | -                        | false
            *:*                       | example.com         | 65535 | -                        | true
            # exact name, case-insensitive, a trailing dot is the same name
            db.example.com            | db.example.com      | 5432  | -                        | true
            DB.Example.COM            | db.example.com      | 5432  | -                        | true
            db.example.com            | DB.EXAMPLE.COM.     | 5432  | -                        | true
            db.example.com            | x.db.example.com    | 5432  | -                        | false
            db.example.com            | example.com         | 5432  | -                        | false
            db.example.com            | 10.0.0.5            | 5432  | -                        | false
            localhost:8080            | LOCALHOST           | 8080  | -                        | true
            # *.domain: subdomains only, not the bare domain
            *.example.com             | a.example.com       | 80    | -                        | true
            *.example.com             | a.b.example.com     | 80    | -                        | true
            *.Example.com             | A.EXAMPLE.COM       | 80    | -                        | true
            *.example.com             | example.com         | 80    | -                        | false
            *.example.com             | badexample.com      | 80    | -                        | false
            *.example.com             | example.com.evil.io | 80    | -                        | false
            *.example.com:443         | a.example.com       | 80    | -                        | false
            # IPv4 literal: the literal host, or a name through its resolved addresses
            192.0.2.7                 | 192.0.2.7           | 22    | -                        | true
            192.0.2.7                 | 192.0.2.8           | 22    | -                        | false
            192.0.2.7:22              | 192.0.2.7           | 23    | -                        | false
            192.0.2.7                 | host.example        | 22    | 192.0.2.7                | true
            192.0.2.7                 | host.example        | 22    | 192.0.2.8                | false
            192.0.2.7                 | host.example        | 22    | -                        | false
            192.0.2.7                 | ::ffff:192.0.2.7    | 22    | -                        | true
            # IPv6 literal: bare without a port, in brackets with one; any spelling of the address
            fd00::1                   | fd00::1             | 22    | -                        | true
            fd00::1                   | fd00:0:0::0:1       | 22    | -                        | true
            fd00::1                   | [fd00::1]           | 22    | -                        | true
            [fd00::1]:22              | fd00::1             | 22    | -                        | true
            [fd00::1]:22              | fd00::1             | 23    | -                        | false
            [fd00::1]                 | fd00::2             | 22    | -                        | false
            [fd00::1]:22              | v6.example          | 22    | fd00::1                  | true
            # CIDR v4
            10.0.0.0/8                | 10.200.3.4          | 5432  | -                        | true
            10.0.0.0/8                | 11.0.0.1            | 5432  | -                        | false
            10.0.0.0/8:5432           | 10.200.3.4          | 5433  | -                        | false
            10.0.0.0/8:5432           | db.internal         | 5432  | 10.1.2.3                 | true
            10.0.0.0/8:5432           | db.internal         | 5432  | 192.0.2.1;10.1.2.3       | true
            10.0.0.0/8:5432           | db.internal         | 5432  | 192.0.2.1                | false
            10.0.0.0/8                | db.internal         | 5432  | -                        | false
            192.168.1.128/25          | 192.168.1.200       | 1     | -                        | true
            192.168.1.128/25          | 192.168.1.100       | 1     | -                        | false
            0.0.0.0/0                 | 203.0.113.9         | 1     | -                        | true
            0.0.0.0/0                 | fd00::1             | 1     | -                        | false
            # CIDR v6
            [fd00::]/8                | fd12:3456::1        | 22    | -                        | true
            [fd00::]/8                | fe80::1             | 22    | -                        | false
            [fd00::]/8:443            | fd00::1             | 443   | -                        | true
            [fd00::]/8:443            | fd00::1             | 80    | -                        | false
            fd00::/8                  | fd00::1             | 80    | -                        | true
            [fd00::/8]:443            | fd00::1             | 443   | -                        | true
            [fd00::]/8                | v6.example          | 22    | 2001:db8::1;fd00::9      | true
            [fd00::]/8                | 10.0.0.1            | 22    | -                        | false
            # PORTS: a port, an inclusive range, *
            *:5432                    | h                   | 5432  | -                        | true
            *:8000-8999               | h                   | 8000  | -                        | true
            *:8000-8999               | h                   | 8999  | -                        | true
            *:8000-8999               | h                   | 7999  | -                        | false
            *:8000-8999               | h                   | 9000  | -                        | false
            *:0                       | h                   | 0     | -                        | true
            # alknet-*: the reserved names, case-insensitive prefix
            alknet-*                  | alknet-control      | 0     | -                        | true
            ALKNET-*                  | Alknet-Control      | 0     | -                        | true
            alknet-*                  | alknet-anything     | 9     | -                        | true
            alknet-*                  | example.com         | 0     | -                        | false
            alknet-*:1                | alknet-control      | 0     | -                        | false
            alknet-control            | ALKNET-CONTROL      | 0     | -                        | true
            """)
    void matches(String pattern, String host, int port, String resolved, boolean expected) {
        TargetPattern p = TargetPattern.parse(pattern);
        assertThat(p.matches(TargetHost.parse(host), port, addresses(resolved))).isEqualTo(expected);
        assertThat(p.toString()).isEqualTo(pattern);
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(delimiter = '|', textBlock = """
            *                | ANY
            db.example.com   | EXACT_NAME
            *.example.com    | SUBDOMAINS
            192.0.2.7:22     | ADDRESS
            [fd00::1]:22     | ADDRESS
            10.0.0.0/8:5432  | CIDR
            [fd00::]/8       | CIDR
            alknet-*         | RESERVED
            """)
    void hostKind(String pattern, TargetPattern.HostKind kind) {
        TargetPattern p = TargetPattern.parse(pattern);
        assertThat(p.hostKind()).isEqualTo(kind);
        assertThat(p.usesAddresses()).isEqualTo(kind == TargetPattern.HostKind.ADDRESS || kind == TargetPattern.HostKind.CIDR);
    }

    @ParameterizedTest(name = "\"{0}\" -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            ''                      | empty pattern; write HOST[:PORTS], e.g. "db.example.com:5432"
            '   '                   | empty pattern
            :22                     | host missing in ':22'; write "*:22"
            example.com:            | port missing after ':'; write a port, a range or *, e.g.
            example.com:http        | 'http' is not a port; write a port, a range or *, e.g. "db.example.com:5432"
            example.com:70000       | port 70000 is above 65535
            example.com:123456      | '123456' is not a port
            example.com:9000-8000   | port range 9000-8000 runs backwards; write the lower port first, e.g. "8000-9000"
            example.com:80-         | '' is not a port
            example.com:-80         | '' is not a port
            foo*.example.com        | only a leading '*.' wildcard ("*.example.com"), '*' alone or "alknet-*" are supported
            *.*.example.com         | only a leading '*.' wildcard
            alknet-c*               | only a leading '*.' wildcard
            *.                      | is not a host name, IP address or CIDR
            999.1.1.1               | '999.1.1.1' is not a valid IP address; e.g. "192.0.2.7" or "fd00::1"
            10.0.0                  | '10.0.0' is not a valid IP address
            fd00::zz                | 'fd00::zz' is not a valid IP address
            10.0.0.0/33             | prefix length '33' in '10.0.0.0/33' must be 0..32; e.g. "10.0.0.0/8"
            [fd00::]/129            | must be 0..128
            10.0.0.0/x              | prefix length 'x'
            10.1.2.3/8              | '10.1.2.3/8' has bits set after the /8 prefix; did you mean "10.0.0.0/8"?
            [fd00::1]/8             | did you mean "fd00:0:0:0:0:0:0:0/8"?
            example.com/8           | 'example.com' in 'example.com/8' is not an IP address; write a CIDR block as "10.0.0.0/8"
            [fd00::1                | has '[' without ']'; write an IPv6 address as "[fd00::1]:22"
            [fd00::1]22             | unexpected '22' after ']'
            exa mple.com            | 'exa mple.com' in 'exa mple.com' is not a host name, IP address or CIDR
            http://example.com      | is not a port
            -bad.example.com        | is not a host name
            """)
    void badPatternsSayWhatIsWrongWithAnExample(String pattern, String message) {
        assertThatThrownBy(() -> TargetPattern.parse(pattern))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    private static List<InetAddress> addresses(String resolved) {
        if (resolved == null) {
            return List.of();
        }
        return Arrays.stream(resolved.split(";")).map(TargetHostParser::literal).toList();
    }
}
