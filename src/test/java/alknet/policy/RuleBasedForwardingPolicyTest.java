package alknet.policy;

import alknet.api.Identity;
import alknet.stream.TransportKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;

import static alknet.policy.Action.ALLOW;
import static alknet.policy.Action.DENY;
import static org.assertj.core.api.Assertions.assertThat;

/** Target rules of 20-auth-config.md section 4: principals, transports, first match, defaults, reserved names, DNS. */
class RuleBasedForwardingPolicyTest {
    private static final String OPS_KEY = "SHA256:opsKeyFingerprint0000000000000000000000000";
    private static final Identity OPS = new Identity(OPS_KEY, List.of("relay:connect", "db:connect"), Map.of());
    private static final Identity GUEST = Identity.ofKey("SHA256:guestKeyFingerprint00000000000000000000000");

    private static RuleBasedForwardingPolicy policy(Action defaultAction, TargetRule... rules) {
        return new RuleBasedForwardingPolicy(defaultAction, List.of(rules), List.of());
    }

    /** One policy, many requests: each row names who asks, over what, for which target, and the answer. */
    @ParameterizedTest(name = "{0} over {1} to {2}:{3} -> {4}")
    @CsvSource(delimiter = '|', textBlock = """
            # who   | transport | host              | port | allowed
            # rule 0: a scope principal, allow the database block
            ops     | tcp       | 10.1.2.3          | 5432 | true
            guest   | tcp       | 10.1.2.3          | 5432 | false
            # rule 1: the id (key fingerprint) as principal
            ops     | tcp       | admin.internal    | 22   | true
            guest   | tcp       | admin.internal    | 22   | false
            # rule 2: transports: only over ws
            guest   | ws        | web.example.com   | 443  | true
            guest   | tls       | web.example.com   | 443  | false
            # rule 3 before rule 4: first match wins (deny one host of an allowed domain)
            ops     | tcp       | secret.corp.io    | 443  | false
            ops     | tcp       | wiki.corp.io      | 443  | true
            # rule 5: "*" principal = every identity
            guest   | relay     | status.example    | 80   | true
            # no rule matches -> default deny
            ops     | tcp       | other.example     | 80   | false
            guest   | tcp       | 192.0.2.1         | 80   | false
            """)
    void principalsTransportsAndFirstMatch(String who, String transport, String host, int port, boolean allowed) {
        RuleBasedForwardingPolicy policy = policy(DENY,
                TargetRule.of("10.0.0.0/8:5432", ALLOW).withPrincipals("db:connect"),
                TargetRule.of("admin.internal:22", ALLOW).withPrincipals(OPS_KEY),
                TargetRule.of("web.example.com:443", ALLOW).withTransports(TransportKind.WS),
                TargetRule.of("secret.corp.io", DENY),
                TargetRule.of("*.corp.io", ALLOW),
                TargetRule.of("status.example", ALLOW).withPrincipals("*"));
        Identity identity = who.equals("ops") ? OPS : GUEST;
        assertThat(policy.canConnect(identity, TransportKind.parse(transport), host, port)).isEqualTo(allowed);
    }

    @Test
    void firstMatchWinsInBothOrders() {
        TargetRule allowDomain = TargetRule.of("*.corp.io", ALLOW);
        TargetRule denyHost = TargetRule.of("secret.corp.io", DENY);
        assertThat(policy(DENY, allowDomain, denyHost).canConnect(GUEST, TransportKind.TCP, "secret.corp.io", 1)).isTrue();
        assertThat(policy(DENY, denyHost, allowDomain).canConnect(GUEST, TransportKind.TCP, "secret.corp.io", 1)).isFalse();
    }

    @Test
    void anyPrincipalAmongSeveralMatches() {
        RuleBasedForwardingPolicy policy = policy(DENY, TargetRule.of("*", ALLOW).withPrincipals("nobody", "relay:connect"));
        assertThat(policy.canConnect(GUEST, TransportKind.TCP, "example.com", 80)).isTrue();
    }

    @Test
    void transportRuleWithSeveralKinds() {
        RuleBasedForwardingPolicy policy = policy(ALLOW,
                TargetRule.of("*", DENY).withTransports(TransportKind.WS, TransportKind.RELAY));
        assertThat(policy.canConnect(GUEST, TransportKind.WS, "example.com", 80)).isFalse();
        assertThat(policy.canConnect(GUEST, TransportKind.RELAY, "example.com", 80)).isFalse();
        assertThat(policy.canConnect(GUEST, TransportKind.TLS, "example.com", 80)).isTrue();
    }

    @Test
    void defaultAllowAndDefaultDenyWhenNoRuleMatches() {
        TargetRule unrelated = TargetRule.of("other.example", DENY);
        assertThat(policy(ALLOW, unrelated).canConnect(GUEST, TransportKind.TCP, "example.com", 80)).isTrue();
        assertThat(policy(DENY, unrelated).canConnect(GUEST, TransportKind.TCP, "example.com", 80)).isFalse();
        assertThat(RuleBasedForwardingPolicy.builtIn().canConnect(GUEST, TransportKind.TCP, "example.com", 80)).isTrue();
        assertThat(ForwardingPolicy.DEFAULT.canConnect(GUEST, TransportKind.TCP, "192.0.2.1", 22)).isTrue();
    }

    @Test
    void allowsAllDestinationsOnlyWithDefaultAllowAndNoDenyRule() {
        assertThat(RuleBasedForwardingPolicy.builtIn().allowsAllDestinations()).isTrue();
        assertThat(ForwardingPolicy.DEFAULT.allowsAllDestinations()).isTrue();
        assertThat(policy(ALLOW, TargetRule.of("*:22", ALLOW)).allowsAllDestinations()).isTrue();
        assertThat(policy(ALLOW, TargetRule.of("10.0.0.0/8", DENY)).allowsAllDestinations()).isFalse();
        assertThat(policy(DENY).allowsAllDestinations()).isFalse();
    }

    @Test
    void alknetControlIsAllowedForEveryIdentityWhateverTheDefault() {
        for (RuleBasedForwardingPolicy policy : List.of(policy(ALLOW), policy(DENY),
                policy(DENY, TargetRule.of("*", DENY)))) {
            assertThat(policy.canConnect(GUEST, TransportKind.TCP, "alknet-control", 0)).as(policy.toString()).isTrue();
            assertThat(policy.canConnect(GUEST, TransportKind.WS, "ALKNET-CONTROL", 0)).isTrue();
            assertThat(policy.decide(GUEST, TransportKind.TCP, TargetHost.parse("alknet-control"), 0, List.of()).addresses()).isEmpty();
        }
    }

    @Test
    void alknetControlCanBeDeniedByARule() {
        RuleBasedForwardingPolicy byName = policy(ALLOW, TargetRule.of("alknet-control", DENY).withPrincipals("relay:connect"));
        assertThat(byName.canConnect(GUEST, TransportKind.TCP, "alknet-control", 0)).isFalse();

        RuleBasedForwardingPolicy opsOnly = policy(ALLOW,
                TargetRule.of("alknet-*", ALLOW).withPrincipals("db:connect"),
                TargetRule.of("alknet-*", DENY));
        assertThat(opsOnly.canConnect(OPS, TransportKind.TCP, "alknet-control", 0)).isTrue();
        assertThat(opsOnly.canConnect(GUEST, TransportKind.TCP, "alknet-control", 0)).isFalse();
    }

    @Test
    void otherReservedNamesAreNeverTargets() {
        RuleBasedForwardingPolicy allowReserved = policy(ALLOW, TargetRule.of("alknet-*", ALLOW));
        assertThat(allowReserved.canConnect(OPS, TransportKind.TCP, "alknet-metrics", 80)).isFalse();
        assertThat(allowReserved.canConnect(OPS, TransportKind.TCP, "Alknet-Anything", 0)).isFalse();
        assertThat(ForwardingPolicy.DEFAULT.canConnect(OPS, TransportKind.TCP, "alknet-x", 22)).isFalse();
        assertThat(allowReserved.needsResolution(TargetHost.parse("alknet-control"))).isFalse();
    }

    @Test
    void ipLiteralTargetsAreDecidedWithoutResolution() {
        RuleBasedForwardingPolicy policy = policy(ALLOW, TargetRule.of("10.0.0.0/8", DENY));
        assertThat(policy.needsResolution(TargetHost.parse("10.1.1.1"))).isFalse();
        assertThat(policy.needsResolution(TargetHost.parse("[fd00::1]"))).isFalse();
        assertThat(policy.canConnect(GUEST, TransportKind.TCP, "10.1.1.1", 22)).isFalse();
        ConnectDecision allowed = policy.decide(GUEST, TransportKind.TCP, TargetHost.parse("192.0.2.1"), 22, List.of());
        assertThat(allowed.allowed()).isTrue();
        assertThat(allowed.addresses()).containsExactly(ip("192.0.2.1"));
    }

    @Test
    void namesNeedResolutionOnlyWhenSomeRuleIsAnAddressOrBlock() {
        assertThat(policy(ALLOW, TargetRule.of("*.corp.io", DENY)).needsResolution(TargetHost.parse("db.corp.io"))).isFalse();
        assertThat(policy(ALLOW, TargetRule.of("192.0.2.7", DENY)).needsResolution(TargetHost.parse("db.corp.io"))).isTrue();
        assertThat(policy(ALLOW, TargetRule.of("10.0.0.0/8", DENY)).needsResolution(TargetHost.parse("db.corp.io"))).isTrue();
        assertThat(RuleBasedForwardingPolicy.builtIn().needsResolution(TargetHost.parse("db.corp.io"))).isFalse();
    }

    @Test
    void aNameResolvingIntoADeniedBlockIsDenied() {
        RuleBasedForwardingPolicy policy = policy(ALLOW, TargetRule.of("10.0.0.0/8", DENY));
        // one public address and one internal: the internal one is denied, so the whole name is
        ConnectDecision decision = policy.decide(GUEST, TransportKind.TCP, TargetHost.parse("rebind.example"), 443,
                List.of(ip("192.0.2.10"), ip("10.0.0.1")));
        assertThat(decision.allowed()).isFalse();
        assertThat(decision.addresses()).isEmpty();
    }

    @Test
    void aNameAllowedByNameIsStillDeniedWhenAnAddressIsInADeniedBlock() {
        RuleBasedForwardingPolicy policy = policy(DENY,
                TargetRule.of("[fd00::]/8", DENY),
                TargetRule.of("*.example.com", ALLOW));
        assertThat(policy.decide(GUEST, TransportKind.TCP, TargetHost.parse("app.example.com"), 443,
                List.of(ip("2001:db8::1"), ip("fd00::5"))).allowed()).isFalse();
        assertThat(policy.decide(GUEST, TransportKind.TCP, TargetHost.parse("app.example.com"), 443,
                List.of(ip("2001:db8::1"))).allowed()).isTrue();
    }

    @Test
    void allowedNamesReturnTheCheckedAddresses() {
        RuleBasedForwardingPolicy policy = policy(DENY, TargetRule.of("10.0.0.0/8:5432", ALLOW).withPrincipals("db:connect"));
        List<InetAddress> resolved = List.of(ip("10.0.0.7"), ip("10.9.9.9"));
        ConnectDecision decision = policy.decide(OPS, TransportKind.TCP, TargetHost.parse("db.internal"), 5432, resolved);
        assertThat(decision.allowed()).isTrue();
        assertThat(decision.addresses()).containsExactlyElementsOf(resolved);

        // every address must be allowed: one outside the block falls to the default deny
        assertThat(policy.decide(OPS, TransportKind.TCP, TargetHost.parse("db.internal"), 5432,
                List.of(ip("10.0.0.7"), ip("192.0.2.1"))).allowed()).isFalse();
        assertThat(policy.decide(GUEST, TransportKind.TCP, TargetHost.parse("db.internal"), 5432, resolved).allowed()).isFalse();
    }

    @Test
    void aNameThatNeedsResolutionIsRefusedWithoutAddresses() {
        RuleBasedForwardingPolicy policy = policy(ALLOW, TargetRule.of("10.0.0.0/8", DENY));
        assertThat(policy.canConnect(GUEST, TransportKind.TCP, "maybe-internal.example", 80)).isFalse();
        assertThat(policy.decide(GUEST, TransportKind.TCP, TargetHost.parse("maybe-internal.example"), 80, List.of()).allowed()).isFalse();
    }

    @Test
    void aNameIsDecidedWithoutAddressesWhenNoAddressRuleCouldChangeTheAnswer() {
        RuleBasedForwardingPolicy policy = policy(DENY,
                TargetRule.of("10.0.0.0/8:5432", ALLOW).withPrincipals("db:connect"),
                TargetRule.of("*.corp.io", ALLOW));
        assertThat(policy.needsResolution(TargetHost.parse("wiki.corp.io"))).isTrue();
        assertThat(policy.canConnect(OPS, TransportKind.TCP, "wiki.corp.io", 443)).as("both possible answers allow").isTrue();
        assertThat(policy.canConnect(GUEST, TransportKind.TCP, "other.example", 5432)).as("address rule not for guest")
                .isFalse();
        assertThat(policy.canConnect(OPS, TransportKind.TCP, "other.example", 5432)).as("could be allowed by address")
                .isFalse();
        assertThat(policy.decide(OPS, TransportKind.TCP, TargetHost.parse("other.example"), 5432, List.of(ip("10.3.3.3"))).allowed()).isTrue();
    }

    @Test
    void nameOnlyDecisionsNeedNoAddresses() {
        RuleBasedForwardingPolicy policy = policy(DENY, TargetRule.of("*.example.com:443", ALLOW));
        ConnectDecision decision = policy.decide(GUEST, TransportKind.TCP, TargetHost.parse("www.example.com"), 443, List.of());
        assertThat(decision.allowed()).isTrue();
        assertThat(decision.addresses()).as("connect by name: no rule needed addresses").isEmpty();
        assertThat(policy.canConnect(GUEST, TransportKind.TCP, "www.example.com", 443)).isTrue();
        assertThat(policy.canConnect(GUEST, TransportKind.TCP, "www.example.com", 80)).isFalse();
    }

    static InetAddress ip(String literal) {
        return TargetHostParser.literal(literal);
    }
}
