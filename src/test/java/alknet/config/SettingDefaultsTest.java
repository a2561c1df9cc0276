package alknet.config;

import alknet.api.Limits;
import alknet.api.ServeOptions;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The built-in defaults here are the ones the server and the spec use (10-tunnel.md section 3). */
class SettingDefaultsTest {
    private final EffectiveSettings defaults = EffectiveSettings.resolve(Map.of(), Map.of(), AlknetConfigFile.none());

    @Test
    void matchTheServerConstants() {
        assertThat(defaults.get(Setting.LISTEN))
                .isEqualTo(ServeOptions.DEFAULT_LISTEN_HOST + ":" + ServeOptions.DEFAULT_PORT);
        assertThat(defaults.get(Setting.OPS_LISTEN))
                .isEqualTo(ServeOptions.DEFAULT_OPS_HOST + ":" + ServeOptions.DEFAULT_OPS_PORT);
        assertThat(defaults.get(Setting.DRAIN_TIMEOUT)).isEqualTo(ServeOptions.DEFAULT_DRAIN_TIMEOUT);
        assertThat(defaults.get(Setting.KEEPALIVE)).isEqualTo(ServeOptions.DEFAULT_KEEPALIVE);
        assertThat(defaults.limits()).isEqualTo(Limits.DEFAULTS);
    }

    @Test
    void firstRunIsOneTcpListenerWithoutCluster() {
        assertThat(ListenersReader.read(defaults)).containsExactly(new ServeOptions().listeners().get(0));
        assertThat(defaults.get(Setting.KEY)).isNull();
        assertThat(defaults.get(Setting.CLUSTER)).isFalse();
        assertThat(defaults.get(Setting.PROXY)).isNull();
    }

    @Test
    void everySettingWithADefaultFormatsAndParsesBackToIt() {
        for (Setting<?> s : Setting.all()) {
            assertRoundTrip(s);
        }
    }

    private static <T> void assertRoundTrip(Setting<T> s) {
        if (s.defaultValue() != null) {
            assertThat(s.parse(s.format(s.defaultValue()))).as(s.toString()).isEqualTo(s.defaultValue());
        }
    }
}
