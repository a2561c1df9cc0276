package alknet.call.operation;

import alknet.api.AccessControl;
import alknet.api.Identity;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** 30-call-protocol.md section 3, access rule. */
class AccessControlTest {
    private static Identity identity(List<String> scopes, Map<String, List<String>> resources) {
        return new Identity("SHA256:x", scopes, resources);
    }

    @Test
    void allRequiredScopes() {
        AccessControl rule = AccessControl.scopes("a", "b");
        assertThat(rule.permits(identity(List.of("a", "b", "c"), Map.of()))).isTrue();
        assertThat(rule.permits(identity(List.of("a"), Map.of()))).isFalse();
    }

    @Test
    void oneOfTheAnyScopes() {
        AccessControl rule = new AccessControl(List.of(), List.of("x", "y"), null, null);
        assertThat(rule.permits(identity(List.of("y"), Map.of()))).isTrue();
        assertThat(rule.permits(identity(List.of("z"), Map.of()))).isFalse();
    }

    @Test
    void resourceActionOrWildcard() {
        AccessControl rule = AccessControl.NONE.withResource("node", "w1");
        assertThat(rule.permits(identity(List.of(), Map.of("node", List.of("w1"))))).isTrue();
        assertThat(rule.permits(identity(List.of(), Map.of("node", List.of("*"))))).isTrue();
        assertThat(rule.permits(identity(List.of(), Map.of("node", List.of("w2"))))).isFalse();
        assertThat(rule.permits(identity(List.of(), Map.of()))).isFalse();
        // Only type without action checks nothing about resources.
        assertThat(new AccessControl(List.of(), List.of(), "node", null).permits(identity(List.of(), Map.of()))).isTrue();
    }

    @Test
    void noIdentityPassesOnlyAnUnrestrictedRule() {
        assertThat(AccessControl.NONE.permits(null)).isTrue();
        assertThat(AccessControl.scopes("a").permits(null)).isFalse();
        assertThat(AccessControl.NONE.withResource("node", "w1").permits(null)).isFalse();
    }

    @Test
    void describeNamesWhatIsMissing() {
        assertThat(new AccessControl(List.of("a"), List.of("b", "c"), "node", "w1").describe())
                .isEqualTo("scopes a; one of scopes b, c; resources.node containing w1 or *");
    }
}
