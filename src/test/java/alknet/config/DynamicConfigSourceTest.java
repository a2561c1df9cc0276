package alknet.config;

import alknet.api.Limits;
import alknet.auth.AuthorizedKeys;
import alknet.policy.ForwardingPolicy;
import alknet.testsupport.SshKeyPair;
import alknet.testsupport.SshKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The hot-reloadable inputs: keys and CA files read completely, limits, raw rules for the policy engine. */
class DynamicConfigSourceTest {
    @TempDir
    Path dir;

    @Test
    void missingDefaultAuthorizedKeysMeansNoKeys() {
        DynamicConfigInputs in = load(Map.of("data-dir", dir.toString()), "");
        assertThat(in.authorizedKeys()).isSameAs(AuthorizedKeys.EMPTY);
        assertThat(in.limits()).isEqualTo(Limits.DEFAULTS);
    }

    @Test
    void missingConfiguredAuthorizedKeysIsAnError() {
        Path missing = dir.resolve("nope");
        assertThatThrownBy(() -> load(Map.of(), "[auth]\nauthorized_keys = \"" + missing + "\"\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(missing.toString());
    }

    @Test
    void keysAndCertificateAuthoritiesAreLoaded() throws Exception {
        SshKeyPair user = SshKeys.generateEd25519(dir, "user");
        SshKeyPair ca = SshKeys.generateEd25519(dir, "ca");
        Path keys = SshKeys.writeAuthorizedKeys(dir.resolve("authorized_keys"), user.publicKeyLine());
        String toml = "[auth]\nauthorized_keys = \"" + keys + "\"\ncert_authorities = [\"" + ca.publicKey() + "\"]\n";
        AuthorizedKeys loaded = load(Map.of(), toml).authorizedKeys();
        assertThat(loaded.size()).isEqualTo(1);
        assertThat(loaded.byFingerprint(user.fingerprint())).isPresent();
        assertThat(loaded.certAuthorities()).containsOnlyKeys(ca.fingerprint());
    }

    @Test
    void badCaLineIsReportedWithTheCaFileAndLine() throws Exception {
        Path ca = Files.writeString(dir.resolve("user_ca.pub"), "# CA\nnot-a-key\n");
        assertThatThrownBy(() -> load(Map.of("data-dir", dir.toString(), "cert-authority", ca.toString()), ""))
                .hasMessageStartingWith(ca + ":2: not an authorized_keys line");
    }

    @Test
    void limitsAndRawRulesComeThroughForTheDynamicConfig() {
        String toml = """
                [limits]
                max_startups = 5
                [forwarding]
                default = "deny"
                [[forwarding.rules]]
                target = "10.0.0.0/8:5432"
                action = "allow"
                principals = ["db:connect"]
                """;
        DynamicConfigInputs in = load(Map.of("data-dir", dir.toString(), "auth-timeout", "10s"), toml);
        assertThat(in.limits()).isEqualTo(new Limits(0, 10, 5, Duration.ofSeconds(10)));
        assertThat(in.forwarding().rules()).singleElement().satisfies(r -> assertThat(r.target()).isEqualTo("10.0.0.0/8:5432"));
        assertThat(in.file().where("forwarding", "rules", 0, "target")).isEqualTo("t.toml:6: forwarding.rules[0].target");
        DynamicConfig config = in.toDynamicConfig(raw -> ForwardingPolicy.DEFAULT);
        assertThat(config.limits().maxStartups()).isEqualTo(5);
        assertThat(config.forwarding()).isSameAs(ForwardingPolicy.DEFAULT);
    }

    private static DynamicConfigInputs load(Map<String, String> flags, String toml) {
        return DynamicConfigSource.load(EffectiveSettings.resolve(flags, Map.of(), AlknetConfigFile.parse("t.toml", toml)));
    }
}
