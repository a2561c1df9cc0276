package alknet.config;

import alknet.api.Limits;
import alknet.api.Startups;
import alknet.config.TomlConfig.RuleEntry;
import alknet.api.ListenerOptions;
import alknet.api.TlsFiles;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** conf/alknet.toml, the documented production example, loads and means what its comments say. */
class ConfigExampleTest {
    private static final Path EXAMPLE = Path.of("conf", "alknet.toml");
    private final AlknetConfigFile file = AlknetConfigFile.read(EXAMPLE);
    private final TomlConfig toml = file.toml();

    @Test
    void authHasKeysCaIdentitiesAndTokens() {
        assertThat(toml.auth().hostKey()).isEqualTo("/etc/alknet/host_ed25519");
        assertThat(toml.auth().authorizedKeys()).isEqualTo("/etc/alknet/authorized_keys");
        assertThat(toml.auth().certAuthorities()).containsExactly("/etc/alknet/user_ca.pub");
        assertThat(toml.auth().defaultScopes()).containsExactly("relay:connect");
        assertThat(toml.auth().identities()).hasSize(2);
        assertThat(toml.auth().identities().get(0).scopes()).containsExactly("relay:connect", "admin:reload");
        assertThat(toml.auth().identities().get(0).resources()).isEqualTo(Map.of("node", List.of("*")));
        assertThat(toml.auth().identities().get(1).scopes()).contains("db:connect");
        assertThat(toml.auth().token().enabled()).isTrue();
        assertThat(toml.auth().token().maxTokenAge()).isEqualTo("300s");
    }

    @Test
    void forwardingDeniesByDefaultAndAllowsPostgresForDbConnect() {
        assertThat(toml.forwarding().defaultAction()).isEqualTo("deny");
        assertThat(toml.forwarding().rules().get(0))
                .isEqualTo(new RuleEntry("10.0.0.0/8:5432", "allow", List.of("db:connect"), List.of()));
        assertThat(toml.forwarding().listenRules()).singleElement()
                .satisfies(r -> assertThat(r.bind()).isEqualTo("127.0.0.1:1024-65535"));
    }

    @Test
    void limitsAndServerSettingsResolveFromTheFile() {
        EffectiveSettings s = EffectiveSettings.resolve(Map.of(), Map.of(), file);
        assertThat(s.limits()).isEqualTo(new Limits(16, 6, new Startups(30, 30, 100), 10, Duration.ofSeconds(30), 1024));
        assertThat(s.get(Setting.OPS_LISTEN)).isEqualTo("127.0.0.1:9090");
        assertThat(s.get(Setting.DRAIN_TIMEOUT)).isEqualTo(Duration.ofSeconds(2));
        assertThat(s.origin(Setting.MAX_AUTH_ATTEMPTS)).isEqualTo(EXAMPLE + ":56: limits.max_auth_attempts");
    }

    @Test
    void listenersAreTcp2222StealthTls443AndWss8443WithTheServerCertificate() {
        EffectiveSettings s = EffectiveSettings.resolve(Map.of(), Map.of(), file);
        TlsFiles tls = new TlsFiles(Path.of("/etc/alknet/tls/fullchain.pem"), Path.of("/etc/alknet/tls/privkey.pem"));
        assertThat(ListenersReader.read(s)).containsExactly(
                ListenerOptions.tcp("0.0.0.0", 2222),
                ListenerOptions.tls("0.0.0.0", 443, tls, true),
                ListenerOptions.webSocket("0.0.0.0", 8443, "/alknet", tls));
        assertThat(s.get(Setting.KEY)).isEqualTo(Path.of("/etc/alknet/host_ed25519"));
        assertThat(s.get(Setting.DATA_DIR)).isEqualTo(Path.of("/var/lib/alknet"));
        assertThat(s.get(Setting.CLUSTER)).isFalse();
        assertThat(s.get(Setting.CLUSTER_NAME)).isEqualTo("alknet-prod");
    }
}
