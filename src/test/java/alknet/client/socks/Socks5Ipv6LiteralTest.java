package alknet.client.socks;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** IPv6 targets are rendered as RFC 5952 canonical text. */
class Socks5Ipv6LiteralTest {
    @ParameterizedTest
    @CsvSource({
        "0:0:0:0:0:0:0:0, ::",
        "0:0:0:0:0:0:0:1, ::1",
        "1:0:0:0:0:0:0:0, 1::",
        "2001:0db8:0:0:0:0:0:0001, 2001:db8::1",
        "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",
        "2001:0:0:1:0:0:0:1, 2001:0:0:1::1",
        "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
        "FE80:0:0:0:ABCD:0:0:0, fe80::abcd:0:0:0",
        "0:0:0:0:0:ffff:c000:0201, ::ffff:192.0.2.1",
        "0:0:0:0:0:0:c000:0201, ::c000:201",
    })
    void rfc5952Examples(String full, String canonical) throws Exception {
        byte[] address = new byte[16];
        String[] groups = full.split(":");
        for (int i = 0; i < 8; i++) {
            int group = Integer.parseInt(groups[i], 16);
            address[2 * i] = (byte) (group >> 8);
            address[2 * i + 1] = (byte) group;
        }
        assertThat(Ipv6Literal.format(address)).isEqualTo(canonical);
    }

    @Property(tries = 2000)
    void anyAddressRoundTripsAndMatchesAReferenceCompression(@ForAll @Size(16) byte[] address,
                                                             @ForAll @Size(8) List<Boolean> zeroGroups)
            throws Exception {
        for (int i = 0; i < 8; i++) { // random bytes alone would almost never contain zero runs
            if (zeroGroups.get(i)) {
                address[2 * i] = 0;
                address[2 * i + 1] = 0;
            }
        }
        String literal = Ipv6Literal.format(address);
        assertThat(InetAddress.getByName(literal)).isEqualTo(InetAddress.getByAddress(address));
        if (!literal.startsWith("::ffff:") || literal.chars().filter(c -> c == '.').count() != 3) {
            assertThat(literal).isEqualTo(reference(address));
        }
    }

    /** Independent rendering: replace the first longest run (>= 2) of ":0" groups in the full form. */
    private static String reference(byte[] address) {
        List<String> groups = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            groups.add(Integer.toHexString(((address[2 * i] & 0xFF) << 8) | (address[2 * i + 1] & 0xFF)));
        }
        for (int run = 8; run >= 2; run--) {
            List<String> zeros = Collections.nCopies(run, "0");
            int start = Collections.indexOfSubList(groups, zeros);
            if (start >= 0) {
                return String.join(":", groups.subList(0, start)) + "::"
                        + String.join(":", groups.subList(start + run, 8));
            }
        }
        return String.join(":", groups);
    }
}
