package alknet.config;

import alknet.api.AuthOptions;
import alknet.api.ClusterOptions;
import alknet.api.ForwardingRules;
import alknet.api.Limits;
import alknet.api.ServeOptions;
import alknet.auth.AuthConfig;
import alknet.auth.AuthConfigReader;
import alknet.testsupport.SshKeyPair;
import alknet.testsupport.SshKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A load becomes the ServeOptions a server starts with; every bad value names its origin. */
class ServeOptionsReaderTest {
    @TempDir
    Path dir;

    @Test
    void hostKeyDefaultsIntoTheEffectiveDataDirAndTheProxyIsParsed() {
        ServeOptions o = options(Map.of("data-dir", dir.resolve("a").toString()), "[server]\nproxy = \"socks5://127.0.0.1:1080\"\n");
        assertThat(o.hostKey()).isEqualTo(dir.resolve("a/host_ed25519"));
        assertThat(o.proxy().toString()).isEqualTo("socks5://127.0.0.1:1080");
    }

    @Test
    void clusterNeedsMembersOrAKubernetesService() {
        assertThatThrownBy(() -> options(Map.of("cluster", "true"), "")).hasMessageContaining("--cluster-members");
        ClusterOptions fromFile = options(Map.of(), "[cluster]\nenabled = true\nmembers = [\"a:1\", \"b:2\"]\nport = 5801\n").cluster();
        assertThat(fromFile.members()).containsExactly("a:1", "b:2");
        assertThat(fromFile.port()).isEqualTo(5801);
        assertThatThrownBy(() -> options(Map.of("cluster-name", "dev"), "")).hasMessageContaining("Hazelcast's default");
    }

    @Test
    void missingDefaultAuthorizedKeysMeansNoKeysButAMissingNamedFileIsAnError() {
        ServeOptions o = options(Map.of(), "");
        assertThat(AuthConfigReader.read(o.auth(), o.authorizedKeys()).authorizedKeys().size()).isZero();
        assertThat(o.limits()).isEqualTo(Limits.DEFAULTS);
        Path missing = dir.resolve("nope");
        assertThatThrownBy(() -> options(Map.of(), "[auth]\nauthorized_keys = \"" + missing + "\"\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining(missing.toString());
    }

    @Test
    void keysAndCertificateAuthoritiesAreLoaded() throws Exception {
        SshKeyPair user = SshKeys.generateEd25519(dir, "user");
        SshKeyPair ca = SshKeys.generateEd25519(dir, "ca");
        Path keys = SshKeys.writeAuthorizedKeys(dir.resolve("authorized_keys"), user.publicKeyLine());
        ServeOptions o = options(Map.of(), "[auth]\nauthorized_keys = \"" + keys + "\"\ncert_authorities = [\"" + ca.publicKey() + "\"]\n");
        AuthConfig auth = AuthConfigReader.read(o.auth(), o.authorizedKeys());
        assertThat(auth.authorizedKeys().size()).isEqualTo(1);
        assertThat(auth.authorizedKeys().byFingerprint(user.fingerprint())).isPresent();
        assertThat(auth.authorizedKeys().certAuthorities()).containsOnlyKeys(ca.fingerprint());
    }

    @Test
    void badCaLineIsReportedWithTheCaFileAndLine() throws Exception {
        Path ca = Files.writeString(dir.resolve("user_ca.pub"), "# CA\nnot-a-key\n");
        assertThatThrownBy(() -> options(Map.of("cert-authority", ca.toString()), ""))
                .hasMessageStartingWith(ca + ":2: not an authorized_keys line");
    }

    @Test
    void identityKeyErrorsNameTheTomlLine() {
        assertThatThrownBy(() -> options(Map.of(), "[auth]\n[[auth.identities]]\nkey = \"ssh-ed25519 nope\"\n"))
                .hasMessageStartingWith("t.toml:3: auth.identities[0].key: identity key:");
    }

    @Test
    void limitsRulesAndTokensComeThrough() {
        String toml = """
                [auth.token]
                enabled = true
                max_token_age = "2m"
                [limits]
                max_startups = 5
                [forwarding]
                default = "deny"
                [[forwarding.rules]]
                target = "10.0.0.0/8:5432"
                action = "allow"
                principals = ["db:connect"]
                """;
        ServeOptions o = options(Map.of("auth-timeout", "10s"), toml);
        assertThat(o.limits()).isEqualTo(new Limits(0, 10, 5, Duration.ofSeconds(10)));
        assertThat(o.forwarding()).isEqualTo(ForwardingRules.DEFAULT.defaultAction("deny")
                .rule("10.0.0.0/8:5432", "allow", List.of("db:connect"), List.of()));
        assertThat(o.auth().tokens()).isEqualTo(new AuthOptions.Tokens(true, Duration.ofMinutes(2), null));
    }

    @Test
    void badRulesAreReportedWithFileAndLine() {
        String toml = "[forwarding]\ndefault = \"deny\"\n[[forwarding.rules]]\ntarget = \"10.1.2.3/8\"\naction = \"allow\"\n";
        assertThatThrownBy(() -> options(Map.of(), toml))
                .hasMessageStartingWith("t.toml:4: forwarding.rules[0].target: '10.1.2.3/8' has bits set after the /8 prefix");
    }

    private ServeOptions options(Map<String, String> flags, String toml) {
        Map<String, String> all = new HashMap<>(flags);
        all.putIfAbsent("data-dir", dir.toString());
        return ServeOptionsReader.read(EffectiveSettings.resolve(all, Map.of(), AlknetConfigFile.parse("t.toml", toml)));
    }
}
