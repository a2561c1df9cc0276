package alknet.config;

import alknet.api.Limits;
import alknet.api.ServeOptions;
import alknet.ssh.ServerSettings;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The built-in defaults here are the ones the server and the spec use (10-tunnel.md section 3). */
class SettingDefaultsTest {
    private final EffectiveSettings defaults = EffectiveSettings.resolve(Map.of(), Map.of(), AlknetConfigFile.none());

    @Test
    void matchTheServerConstants() {
        assertThat(defaults.string(Setting.LISTEN))
                .isEqualTo(ServeOptions.DEFAULT_LISTEN_HOST + ":" + ServeOptions.DEFAULT_PORT);
        assertThat(defaults.string(Setting.OPS_LISTEN))
                .isEqualTo(ServeOptions.DEFAULT_OPS_HOST + ":" + ServeOptions.DEFAULT_OPS_PORT);
        assertThat(defaults.duration(Setting.DRAIN_TIMEOUT)).isEqualTo(ServeOptions.DEFAULT_DRAIN_TIMEOUT);
        assertThat(defaults.duration(Setting.KEEPALIVE)).isEqualTo(ServerSettings.DEFAULT_KEEPALIVE);
        assertThat(defaults.limits()).isEqualTo(Limits.DEFAULTS);
    }

    @Test
    void firstRunIsOneTcpListenerWithoutCluster() {
        StaticConfig config = StaticConfig.from(defaults);
        assertThat(config.listeners()).singleElement().satisfies(l -> {
            assertThat(l.listen()).isEqualTo("0.0.0.0:22");
            assertThat(l.transport().wireName()).isEqualTo("tcp");
        });
        assertThat(config.hostKey()).isEqualTo(config.dataDir().resolve("host_ed25519"));
        assertThat(config.cluster().enabled()).isFalse();
        assertThat(config.proxy()).isNull();
    }
}
