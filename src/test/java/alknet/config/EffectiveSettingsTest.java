package alknet.config;

import alknet.api.Limits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Precedence: flag > ALKNET_<FLAG> > TOML > default (20-auth-config.md section 5). */
class EffectiveSettingsTest {
    private static final AlknetConfigFile FILE = AlknetConfigFile.parse("alknet.toml", """
            [server]
            listen = "0.0.0.0:443"
            ops_listen = "127.0.0.1:9191"
            data_dir = "/srv/alknet"
            keepalive = "20s"
            drain_timeout = "5s"
            [auth]
            host_key = "/etc/alknet/host"
            authorized_keys = "/etc/alknet/keys"
            [limits]
            max_connections_per_ip = 16
            max_auth_attempts = 6
            max_startups = 50
            auth_timeout = "1m"
            """);

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "listen,                 10.0.0.1:2222,   10.0.0.2:2222,   0.0.0.0:443,    0.0.0.0:22",
            "ops-listen,             127.0.0.1:1,     127.0.0.1:2,     127.0.0.1:9191, 127.0.0.1:9090",
            "data-dir,               /flag,           /env,            /srv/alknet,    DEFAULT",
            "key,                    /flag/key,       /env/key,        /etc/alknet/host,   DEFAULT",
            "authorized-keys,        /flag/ak,        /env/ak,         /etc/alknet/keys,   DEFAULT",
            "keepalive,              5,               7s,              20s,            15s",
            "drain-timeout,          1,               3s,              5s,             2s",
            "max-connections-per-ip, 1,               2,               16,             0",
            "max-auth-attempts,      3,               4,               6,              10",
            "max-startups,           7,               8,               50,             30:30:100",
            "auth-timeout,           10,              20s,             1m,             30s",
    })
    void flagBeatsEnvBeatsFileBeatsDefault(String name, String flag, String env, String file, String builtIn) {
        Setting<?> s = Setting.all().stream().filter(x -> x.flag().equals(name)).findFirst().orElseThrow();
        Map<String, String> flags = Map.of(s.flag(), flag);
        Map<String, String> environment = Map.of(s.envName(), env);

        assertThat(resolve(flags, environment, FILE).resolved(s))
                .isEqualTo(new ResolvedSetting(s, flag, SettingSource.FLAG, "--" + s.flag()));
        assertThat(resolve(Map.of(), environment, FILE).resolved(s))
                .isEqualTo(new ResolvedSetting(s, env, SettingSource.ENV, s.envName()));
        ResolvedSetting fromFile = resolve(Map.of(), Map.of(), FILE).resolved(s);
        assertThat(fromFile.value()).isEqualTo(file);
        assertThat(fromFile.source()).isEqualTo(SettingSource.FILE);
        assertThat(fromFile.origin()).matches("alknet\\.toml:\\d+: " + s.tomlKey().replace(".", "\\."));
        String defaultText = builtIn.equals("DEFAULT") ? formattedDefault(s) : builtIn;
        assertThat(resolve(Map.of(), Map.of(), AlknetConfigFile.none()).resolved(s))
                .isEqualTo(new ResolvedSetting(s, defaultText, SettingSource.DEFAULT, "default"));
    }

    private static <T> String formattedDefault(Setting<T> s) {
        return s.format(s.defaultValue());
    }

    @Test
    void typedValuesFollowTheWinningSource() {
        EffectiveSettings s = resolve(Map.of("max-startups", "7"), Map.of("ALKNET_AUTH_TIMEOUT", "20s"), FILE);
        assertThat(s.limits()).isEqualTo(new Limits(16, 6, 7, Duration.ofSeconds(20)));
        assertThat(s.get(Setting.KEEPALIVE)).isEqualTo(Duration.ofSeconds(20));
        assertThat(s.get(Setting.DATA_DIR)).isEqualTo(Path.of("/srv/alknet"));
    }

    @Test
    void blankEnvironmentValueCountsAsUnset() {
        EffectiveSettings s = resolve(Map.of(), Map.of("ALKNET_LISTEN", " "), FILE);
        assertThat(s.source(Setting.LISTEN)).isEqualTo(SettingSource.FILE);
    }

    @Test
    void flagsThatAreNotSettingsAreIgnored() {
        EffectiveSettings s = resolve(Map.of("ciphers", "aes128-ctr", "no-ops", "true"), Map.of(), FILE);
        assertThat(s.describe().lines()).hasSize(Setting.all().size());
    }

    @Test
    void badEnvironmentValueNamesTheVariable() {
        assertThatThrownBy(() -> resolve(Map.of(), Map.of("ALKNET_MAX_STARTUPS", "lots"), FILE)).isInstanceOf(ConfigException.class)
                .hasMessage("ALKNET_MAX_STARTUPS: 'lots' is not N or start:rate:full; e.g. 100 or 30:30:100");
    }

    @Test
    void badFlagDurationNamesTheFlag() {
        assertThatThrownBy(() -> resolve(Map.of("keepalive", "soon"), Map.of(), FILE))
                .hasMessageStartingWith("--keepalive: 'soon' is not a duration");
    }

    @Test
    void limitOutOfRangeNamesItsOrigin() {
        EffectiveSettings s = resolve(Map.of(), Map.of("ALKNET_MAX_AUTH_ATTEMPTS", "0"), FILE);
        assertThatThrownBy(s::limits).hasMessage("ALKNET_MAX_AUTH_ATTEMPTS: max-auth-attempts must be >= 1, got 0");
    }

    @Test
    void homeIsExpandedInPaths() {
        EffectiveSettings s = resolve(Map.of(), Map.of(), AlknetConfigFile.none());
        assertThat(s.get(Setting.DATA_DIR)).isEqualTo(Path.of(System.getProperty("user.home"), ".alknet"));
        assertThat(resolve(Map.of("data-dir", "~/x"), Map.of(), AlknetConfigFile.none()).get(Setting.DATA_DIR))
                .isEqualTo(Path.of(System.getProperty("user.home"), "x"));
    }

    @Test
    void configPathFromFlagThenEnvironment() {
        assertThat(EffectiveSettings.configPath(Map.of("config", "/a.toml"), Map.of("ALKNET_CONFIG", "/b.toml")))
                .contains(Path.of("/a.toml"));
        assertThat(EffectiveSettings.configPath(Map.of(), Map.of("ALKNET_CONFIG", "/b.toml"))).contains(Path.of("/b.toml"));
        assertThat(EffectiveSettings.configPath(Map.of(), Map.of())).isEmpty();
    }

    @Test
    void describeListsEverySettingWithItsSource() {
        String text = resolve(Map.of("listen", "1.2.3.4:22"), Map.of("ALKNET_MAX_STARTUPS", "9"), FILE).describe();
        assertThat(text).contains("listen = 1.2.3.4:22  (flag --listen)")
                .contains("max-startups = 9  (env ALKNET_MAX_STARTUPS)")
                .contains("ops-listen = 127.0.0.1:9191  (file alknet.toml:3: server.ops_listen)")
                .contains("proxy = (unset)  (default)");
    }

    @Test
    void envNamesFollowTheFlagNames() {
        assertThat(Setting.MAX_CONNECTIONS_PER_IP.envName()).isEqualTo("ALKNET_MAX_CONNECTIONS_PER_IP");
        assertThat(Setting.CLUSTER_K8S_SERVICE.envName()).isEqualTo("ALKNET_CLUSTER_K8S_SERVICE");
        assertThat(Setting.KEY.envName()).isEqualTo("ALKNET_KEY");
    }

    private static EffectiveSettings resolve(Map<String, String> flags, Map<String, String> env, AlknetConfigFile file) {
        return EffectiveSettings.resolve(flags, env, file);
    }
}
