package alknet.config;

import alknet.api.ServeOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Startup and reload with the same flags and environment: only the files change. */
class ConfigLoaderTest {
    @TempDir
    Path dir;

    @Test
    void reloadSeesTheNewFileAndReportsStaticChanges() throws Exception {
        Path file = dir.resolve("alknet.toml");
        Files.writeString(file, "[server]\nlisten = \"0.0.0.0:2222\"\n[limits]\nmax_startups = 10\n");
        ConfigLoader loader = new ConfigLoader(Map.of("data-dir", dir.toString()), Map.of("ALKNET_CONFIG", file.toString()));
        LoadedConfig first = loader.load();
        assertThat(first.options().limits().maxStartups()).isEqualTo(10);

        Files.writeString(file, "[server]\nlisten = \"0.0.0.0:2223\"\n[limits]\nmax_startups = 20\n");
        ServeOptions second = first.options().configSource().load();
        assertThat(second.limits().maxStartups()).isEqualTo(20);
        assertThat(second.listeners()).singleElement().satisfies(l -> assertThat(l.port()).isEqualTo(2223));
    }

    @Test
    void aBrokenReloadThrowsAndLeavesNothingHalfLoaded() throws Exception {
        Path file = dir.resolve("alknet.toml");
        Files.writeString(file, "[limits]\nmax_startups = 10\n");
        ConfigLoader loader = new ConfigLoader(Map.of("config", file.toString(), "data-dir", dir.toString()), Map.of());
        LoadedConfig running = loader.load();
        Files.writeString(file, "[limits]\nmax_startups = 20\nmax_auth_attempts = 0\n");
        assertThatThrownBy(loader::load).isInstanceOf(ConfigException.class)
                .hasMessage(file + ":3: limits.max_auth_attempts: max-auth-attempts must be >= 1, got 0");
        assertThat(running.options().limits().maxStartups()).isEqualTo(10);
    }

    @Test
    void withoutAConfigFileEverythingComesFromFlagsEnvironmentAndDefaults() {
        LoadedConfig loaded = new ConfigLoader(Map.of("data-dir", dir.toString()), Map.of("ALKNET_MAX_STARTUPS", "3")).load();
        assertThat(loaded.settings().file().isNone()).isTrue();
        assertThat(loaded.options().limits().maxStartups()).isEqualTo(3);
        assertThat(loaded.options().listeners()).singleElement()
                .satisfies(l -> assertThat(l.host() + ":" + l.port()).isEqualTo("0.0.0.0:22"));
    }
}
