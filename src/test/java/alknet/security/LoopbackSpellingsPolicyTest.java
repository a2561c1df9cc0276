package alknet.security;

import alknet.api.Identity;
import alknet.policy.ForwardingPolicy;
import alknet.policy.PolicyBuilder;
import alknet.policy.TargetHost;
import alknet.stream.TransportKind;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.statistics.Statistics;

import java.net.InetAddress;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Acceptance 2 at the unit level, with many tries: under a policy that denies 127.0.0.0/8 and ::1 (default allow)
 * every spelling of a loopback or unspecified address, as the server parses it once ({@link TargetHost#parse}), is
 * either refused as invalid or becomes exactly the address it names (canonical: mapped and compatible IPv6 as IPv4,
 * 0.0.0.0 and :: as loopback), which the policy denies. The dialer connects to that same parsed address, so nothing
 * the policy did not see is ever dialled. A name is judged by every address the JVM resolver gives for it.
 */
class LoopbackSpellingsPolicyTest {
    private static final Identity WHO = Identity.ofKey("SHA256:loopbackSpellingsTestKey000000000000000000");
    private static final int PORT = 22_222;
    private static final ForwardingPolicy POLICY = new PolicyBuilder().defaultAction("allow")
            .rule("127.0.0.0/8", "deny", null, null)
            .rule("[::1]", "deny", null, null)
            .build();

    @Property(tries = 3000)
    void noSpellingOfALoopbackAddressIsAllowed(@ForAll("spellings") LoopbackSpellings.Spelling spelling)
            throws Exception {
        String outcome = assertDenied(spelling.text(), spelling.meantAddress());
        Statistics.label("parsed as").collect(outcome);
        Statistics.label("family").collect(spelling.ipv6() ? "ipv6 text" : "ipv4 text");
    }

    @Example
    void everyNamedSpellingIsDenied() throws Exception {
        for (LoopbackSpellings.Spelling row : LoopbackSpellings.named()) {
            assertThat(assertDenied(row.text(), row.meantAddress())).as(row.text()).isEqualTo("address");
            assertThat(assertDenied("[" + row.bare() + "]", row.meantAddress())).as("[%s]", row.text())
                    .isEqualTo(row.ipv6() ? "address" : "refused");
        }
        for (String name : List.of("localhost", "LOCALHOST", "LocalHost", "localhost.")) {
            assertThat(assertDenied(name, InetAddress.getByName("127.0.0.1"))).as(name).isEqualTo("name");
        }
    }

    @Example
    void theControlRowIsAllowed() {
        TargetHost host = TargetHost.parse("192.0.2.7");
        assertThat(POLICY.decide(WHO, TransportKind.TCP, host, PORT, List.of()).allowed()).isTrue();
        assertThat(POLICY.decide(WHO, TransportKind.TCP, TargetHost.parse("fd00::2"), PORT, List.of()).allowed())
                .isTrue();
    }

    @Provide
    Arbitrary<LoopbackSpellings.Spelling> spellings() {
        return LoopbackSpellings.any(true);
    }

    /** Fails unless {@code text} is refused or denied; returns "refused", "address" or "name". */
    private static String assertDenied(String text, InetAddress meant) throws Exception {
        TargetHost host;
        try {
            host = TargetHost.parse(text);
        } catch (IllegalArgumentException refused) {
            return "refused";
        }
        if (host instanceof TargetHost.Address address) {
            assertThat(address.address()).as("'%s' parsed as", text).isEqualTo(TargetHost.canonical(meant));
            assertThat(address.address().isLoopbackAddress()).as("'%s' is a loopback address", text).isTrue();
            assertThat(POLICY.decide(WHO, TransportKind.TCP, host, PORT, List.of()).allowed())
                    .as("policy for '%s'", text).isFalse();
            return "address";
        }
        assertThat(host).as("'%s' parsed as", text).isInstanceOf(TargetHost.Name.class);
        assertThat(POLICY.needsResolution(host)).as("'%s' needs resolution under an address rule", text).isTrue();
        List<InetAddress> resolved;
        try {
            resolved = List.of(InetAddress.getAllByName(((TargetHost.Name) host).name()));
        } catch (java.net.UnknownHostException e) {
            return "name"; // unresolvable: refused as connect failed
        }
        assertThat(POLICY.decide(WHO, TransportKind.TCP, host, PORT, resolved).allowed())
                .as("policy for '%s' resolved to %s", text, resolved).isFalse();
        return "name";
    }
}
