package alknet.policy;

import alknet.api.Identity;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static alknet.policy.Action.ALLOW;
import static alknet.policy.Action.DENY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code -R} listen rules (20-auth-config.md section 4; 10-tunnel.md section 3): by default loopback binds on port 0
 * or >= 1024 only; {@code 0.0.0.0}, {@code ::}, an empty bind and ports below 1024 need an explicit allow rule.
 */
class ListenRulesTest {
    private static final Identity OPS = new Identity("SHA256:ops", List.of("relay:connect", "forward:public"), Map.of());
    private static final Identity GUEST = Identity.ofKey("SHA256:guest");

    @ParameterizedTest(name = "default: bind {0}:{1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            127.0.0.1    | 8080  | true
            127.0.0.1    | 1024  | true
            127.0.0.1    | 65535 | true
            127.0.0.1    | 0     | true
            127.1.2.3    | 9000  | true
            localhost    | 8080  | true
            LOCALHOST    | 0     | true
            ::1          | 8080  | true
            [::1]        | 8080  | true
            127.0.0.1    | 1023  | false
            127.0.0.1    | 80    | false
            localhost    | 22    | false
            0.0.0.0      | 8080  | false
            ::           | 8080  | false
            ''           | 8080  | false
            *            | 8080  | false
            192.0.2.5    | 8080  | false
            example.com  | 8080  | false
            """)
    void defaultListenRule(String bind, int port, boolean allowed) {
        RuleBasedForwardingPolicy builtIn = RuleBasedForwardingPolicy.builtIn();
        assertThat(builtIn.canListen(GUEST, bind, port)).isEqualTo(allowed);
        assertThat(ForwardingPolicy.DEFAULT.canListen(GUEST, bind, port)).isEqualTo(allowed);
        // a listen rule that does not match leaves the default in force
        assertThat(policy(ListenRule.of("192.0.2.99", ALLOW)).canListen(GUEST, bind, port)).isEqualTo(allowed);
    }

    @ParameterizedTest(name = "rule {0}: bind {1}:{2} -> {3}")
    @CsvSource(delimiter = '|', textBlock = """
            0.0.0.0:8080        | 0.0.0.0   | 8080 | true
            0.0.0.0:8080        | ''        | 8080 | true
            0.0.0.0:8080        | *         | 8080 | true
            0.0.0.0:8080        | ::        | 8080 | true
            0.0.0.0:8080        | 0.0.0.0   | 8081 | false
            [::]:8080           | 0.0.0.0   | 8080 | true
            0.0.0.0/0:8000-8999 | ''        | 8500 | true
            *:8080              | 0.0.0.0   | 8080 | true
            127.0.0.1:80        | 127.0.0.1 | 80   | true
            127.0.0.1:80        | localhost | 80   | true
            localhost:443       | localhost | 443  | true
            *:1-1023            | 127.0.0.1 | 22   | true
            192.0.2.5:8080      | 192.0.2.5 | 8080 | true
            10.0.0.0/8          | 10.0.0.1  | 2222 | true
            10.0.0.0/8          | 0.0.0.0   | 2222 | false
            """)
    void explicitAllowRuleOpensWildcardAndLowPorts(String rule, String bind, int port, boolean allowed) {
        assertThat(policy(ListenRule.of(rule, ALLOW)).canListen(GUEST, bind, port)).isEqualTo(allowed);
    }

    @Test
    void denyRuleOverridesTheDefaultAndFirstMatchWins() {
        RuleBasedForwardingPolicy policy = policy(
                ListenRule.of("127.0.0.1:9000", DENY),
                ListenRule.of("127.0.0.0/8", ALLOW));
        assertThat(policy.canListen(GUEST, "127.0.0.1", 9000)).isFalse();
        assertThat(policy.canListen(GUEST, "127.0.0.1", 9001)).isTrue();
        assertThat(policy.canListen(GUEST, "127.0.0.1", 80)).as("allow rule opens a low port on loopback").isTrue();

        RuleBasedForwardingPolicy loopbackClosed = policy(ListenRule.of("*", DENY));
        assertThat(loopbackClosed.canListen(GUEST, "127.0.0.1", 8080)).isFalse();
        assertThat(loopbackClosed.canListen(GUEST, "localhost", 8080)).isFalse();
    }

    @Test
    void principalsByScopeAndById() {
        RuleBasedForwardingPolicy byScope = policy(ListenRule.of("0.0.0.0:*", ALLOW).withPrincipals("forward:public"));
        assertThat(byScope.canListen(OPS, "0.0.0.0", 443)).isTrue();
        assertThat(byScope.canListen(GUEST, "0.0.0.0", 443)).isFalse();
        assertThat(byScope.canListen(GUEST, "127.0.0.1", 8080)).as("guest keeps the default").isTrue();

        RuleBasedForwardingPolicy byId = policy(ListenRule.of("0.0.0.0", ALLOW).withPrincipals("SHA256:guest"));
        assertThat(byId.canListen(GUEST, "", 8443)).isTrue();
        assertThat(byId.canListen(OPS, "", 8443)).isFalse();

        RuleBasedForwardingPolicy anyone = policy(ListenRule.of("0.0.0.0", ALLOW).withPrincipals("*"));
        assertThat(anyone.canListen(GUEST, "0.0.0.0", 8443)).isTrue();
    }

    private static RuleBasedForwardingPolicy policy(ListenRule... rules) {
        return new RuleBasedForwardingPolicy(ALLOW, List.of(), List.of(rules));
    }
}
