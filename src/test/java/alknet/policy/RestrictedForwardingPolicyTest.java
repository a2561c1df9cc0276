package alknet.policy;

import alknet.auth.ForwardPermission;
import alknet.auth.ForwardingRestrictions;
import alknet.api.Identity;
import alknet.stream.TransportKind;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A session's authorized_keys restrictions narrow the configured policy and never widen it; the reserved
 * {@code alknet-*} destinations are not port forwards and are left to the configured policy.
 */
class RestrictedForwardingPolicyTest {
    private static final Identity ALICE = Identity.ofKey("SHA256:aliceKeyFingerprint0000000000000000000000000");
    private static final TransportKind TCP = TransportKind.TCP;

    private static TargetHost host(String text) {
        return TargetHost.parse(text);
    }

    private static ForwardingRestrictions permitOpen(String host, int port) {
        return new ForwardingRestrictions(true, List.of(new ForwardPermission(host, port)), List.of());
    }

    @Test
    void deniedByTheKeyIsDeniedWhateverThePolicyAllows() {
        ForwardingPolicy policy = RestrictedForwardingPolicy.narrow(ForwardingPolicy.DEFAULT, permitOpen("127.0.0.1", 5432));
        assertThat(policy.canConnect(ALICE, TCP, "127.0.0.1", 5432)).isTrue();
        assertThat(policy.canConnect(ALICE, TCP, "127.0.0.1", 22)).isFalse();
        assertThat(policy.decide(ALICE, TCP, host("10.0.0.1"), 5432, List.of()).allowed()).isFalse();
        assertThat(policy.allowsAllDestinations()).isFalse();
    }

    @Test
    void anAddressEntryMatchesThatAddressInAnySpellingAndNeverAName() {
        ForwardingPolicy policy = RestrictedForwardingPolicy.narrow(ForwardingPolicy.DEFAULT, permitOpen("127.0.0.1", 5432));
        assertThat(policy.canConnect(ALICE, TCP, "127.1", 5432)).isTrue();
        assertThat(policy.canConnect(ALICE, TCP, "::ffff:127.0.0.1", 5432)).isTrue();
        assertThat(policy.canConnect(ALICE, TCP, "localhost", 5432)).isFalse();
        ForwardingPolicy byName = RestrictedForwardingPolicy.narrow(ForwardingPolicy.DEFAULT, permitOpen("DB.internal", 5432));
        assertThat(byName.canConnect(ALICE, TCP, "db.INTERNAL.", 5432)).isTrue();
        assertThat(byName.canConnect(ALICE, TCP, "db.internal.example", 5432)).isFalse();
    }

    @Test
    void allowedByTheKeyIsStillDeniedWhenThePolicyDenies() {
        ForwardingPolicy base = new PolicyBuilder().defaultAction("deny").rule("10.0.0.0/8:5432", "allow", null, null).build();
        ForwardingPolicy policy = RestrictedForwardingPolicy.narrow(base, permitOpen("*", ForwardPermission.ANY_PORT));
        assertThat(policy.canConnect(ALICE, TCP, "192.0.2.1", 5432)).isFalse();
        assertThat(policy.canConnect(ALICE, TCP, "10.1.1.1", 5432)).isTrue();
        assertThat(RestrictedForwardingPolicy.narrow(base, ForwardingRestrictions.NONE)).isSameAs(base);
    }

    @Test
    void aNameTheKeyMayNotOpenIsNotResolved() throws Exception {
        ForwardingPolicy base = new PolicyBuilder().rule("10.0.0.0/8", "deny", null, null).build();
        assertThat(base.needsResolution(host("db.internal"))).isTrue();
        ForwardingPolicy policy = RestrictedForwardingPolicy.narrow(base, permitOpen("db.internal", 5432));
        assertThat(policy.needsResolution(host("db.internal"))).isTrue();
        assertThat(policy.needsResolution(host("other.internal"))).isFalse();
        List<InetAddress> resolved = List.of(InetAddress.getByName("192.0.2.7"));
        assertThat(policy.decide(ALICE, TCP, host("db.internal"), 5432, resolved).addresses()).isEqualTo(resolved);
        assertThat(policy.decide(ALICE, TCP, host("other.internal"), 5432, resolved).allowed()).isFalse();
        assertThat(RestrictedForwardingPolicy.narrow(base, ForwardingRestrictions.NO_FORWARDING)
                .needsResolution(host("db.internal"))).isFalse();
    }

    @Test
    void listenIsNarrowedByPermitlistenAndForwardingOff() {
        ForwardingPolicy listen8080 = RestrictedForwardingPolicy.narrow(ForwardingPolicy.DEFAULT,
                new ForwardingRestrictions(true, List.of(), List.of(new ForwardPermission("localhost", 8080))));
        assertThat(listen8080.canListen(ALICE, "localhost", 8080)).isTrue();
        assertThat(listen8080.canListen(ALICE, "localhost", 8081)).isFalse();
        assertThat(listen8080.canListen(ALICE, "127.0.0.1", 8080)).isFalse();
        ForwardingPolicy none = RestrictedForwardingPolicy.narrow(ForwardingPolicy.DEFAULT, ForwardingRestrictions.NO_FORWARDING);
        assertThat(none.canListen(ALICE, "127.0.0.1", 8080)).isFalse();
        // the key cannot open what the built-in listen rule refuses (a privileged port, a public bind)
        ForwardingPolicy any = RestrictedForwardingPolicy.narrow(ForwardingPolicy.DEFAULT,
                new ForwardingRestrictions(true, List.of(), List.of(new ForwardPermission("*", ForwardPermission.ANY_PORT))));
        assertThat(any.canListen(ALICE, "127.0.0.1", 80)).isFalse();
        assertThat(any.canListen(ALICE, "0.0.0.0", 8080)).isFalse();
    }

    @Test
    void reservedDestinationsAreNotPortForwards() {
        ForwardingPolicy none = RestrictedForwardingPolicy.narrow(ForwardingPolicy.DEFAULT, ForwardingRestrictions.NO_FORWARDING);
        assertThat(none.canConnect(ALICE, TCP, "alknet-control", 0)).isTrue();
        assertThat(none.canConnect(ALICE, TCP, "ALKNET-CONTROL", 0)).isTrue();
        assertThat(none.canConnect(ALICE, TCP, "alknet-other", 0)).as("still the policy's answer").isFalse();
        ForwardingPolicy denyControl = RestrictedForwardingPolicy.narrow(
                new PolicyBuilder().rule("alknet-control", "deny", null, null).build(), ForwardingRestrictions.NONE);
        assertThat(RestrictedForwardingPolicy.narrow(denyControl, ForwardingRestrictions.NO_FORWARDING)
                .canConnect(ALICE, TCP, "alknet-control", 0)).isFalse();
    }
}
