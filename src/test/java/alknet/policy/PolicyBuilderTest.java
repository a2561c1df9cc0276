package alknet.policy;

import alknet.api.Identity;
import alknet.stream.TransportKind;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The [forwarding] TOML values become a policy; every problem is reported with its path (20-auth-config.md 4, 5). */
class PolicyBuilderTest {
    private static final Identity DB = new Identity("SHA256:db", List.of("db:connect"), Map.of());

    @Test
    void buildsTheSpecExample() {
        RuleBasedForwardingPolicy policy = new PolicyBuilder()
                .defaultAction("deny")
                .rule("10.0.0.0/8:5432", "allow", List.of("db:connect"), null)
                .rule("*.example.com", "allow", null, List.of("ws", "TLS"))
                .listenRule("127.0.0.1:1024-65535", "allow", null)
                .build();
        assertThat(policy.defaultAction()).isEqualTo(Action.DENY);
        assertThat(policy.rules()).hasSize(2);
        assertThat(policy.rules().get(1).transports()).containsExactlyInAnyOrder(TransportKind.WS, TransportKind.TLS);
        assertThat(policy.canConnect(DB, TransportKind.TCP, "10.2.3.4", 5432)).isTrue();
        assertThat(policy.canConnect(DB, TransportKind.TCP, "www.example.com", 443)).isFalse();
        assertThat(policy.canConnect(DB, TransportKind.WS, "www.example.com", 443)).isTrue();
        assertThat(policy.canListen(DB, "127.0.0.1", 2000)).isTrue();
        assertThat(policy.allowsAllDestinations()).isFalse();
    }

    @Test
    void nothingConfiguredIsTheBuiltInDefault() {
        RuleBasedForwardingPolicy policy = new PolicyBuilder().build();
        assertThat(policy.defaultAction()).isEqualTo(Action.ALLOW);
        assertThat(policy.allowsAllDestinations()).isTrue();
    }

    @Test
    void everyProblemIsCollectedWithItsPath() {
        PolicyConfigException e = catchThrowableOfType(PolicyConfigException.class, () -> new PolicyBuilder()
                .defaultAction("block")
                .rule("10.0.0.0/8:5432", "allow", List.of("db:connect"), null)
                .rule("10.1.2.3/8", "allow", null, null)
                .rule(null, "permit", List.of(" "), List.of("udp"))
                .listenRule("alknet-*", "allow", null)
                .listenRule("0.0.0.0:99999", null, null)
                .build());
        assertThat(e.problems()).extracting(PolicyConfigException.Problem::path).containsExactly(
                "forwarding.default",
                "forwarding.rules[1].target",
                "forwarding.rules[2].target",
                "forwarding.rules[2].action",
                "forwarding.rules[2].principals[0]",
                "forwarding.rules[2].transports[0]",
                "forwarding.listen_rules[0].bind",
                "forwarding.listen_rules[1].bind",
                "forwarding.listen_rules[1].action");
        assertThat(e.getMessage())
                .contains("forwarding.default: action must be \"allow\" or \"deny\", got \"block\"")
                .contains("forwarding.rules[1].target: '10.1.2.3/8' has bits set after the /8 prefix; did you mean \"10.0.0.0/8\"?")
                .contains("forwarding.rules[2].target: target is required; e.g. target = \"10.0.0.0/8:5432\"")
                .contains("forwarding.rules[2].transports[0]: unknown transport 'udp'; use one of tcp, tls, ws, relay")
                .contains("forwarding.listen_rules[0].bind: alknet-* names are not bind addresses")
                .contains("forwarding.listen_rules[1].bind: port 99999 is above 65535")
                .contains("forwarding.listen_rules[1].action: action is required; e.g. action = \"allow\"");
    }

    @Test
    void problemsAreVisibleBeforeBuild() {
        PolicyBuilder builder = new PolicyBuilder().rule("*", "allow", null, null);
        assertThat(builder.problems()).isEmpty();
        builder.rule("*:x", "allow", null, null);
        assertThat(builder.problems()).singleElement().hasToString(
                "forwarding.rules[1].target: 'x' is not a port; write a port, a range or *, e.g. \"db.example.com:5432\", "
                        + "\"10.0.0.0/8:8000-8999\" or \"*.example.com:*\"");
        assertThatThrownBy(builder::build).isInstanceOf(IllegalArgumentException.class);
    }
}
