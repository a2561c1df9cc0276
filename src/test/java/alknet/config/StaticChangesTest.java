package alknet.config;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A reload reports which restart-only settings changed (20-auth-config.md section 5). */
class StaticChangesTest {
    private static final String BASE = """
            [server]
            listen = "0.0.0.0:22"
            ops_listen = "127.0.0.1:9090"
            [server.tls]
            cert = "/a.pem"
            key = "/a.key"
            [limits]
            max_startups = 10
            """;

    @Test
    void sameFileNeedsNoRestart() {
        StaticChanges changes = StaticChanges.between(config(BASE), config(BASE));
        assertThat(changes.isEmpty()).isTrue();
        assertThat(changes.message()).isEmpty();
        assertThat(changes.tlsFilesChanged()).isFalse();
    }

    @Test
    void dynamicChangesAreNotStaticChanges() {
        assertThat(StaticChanges.between(config(BASE), config(BASE.replace("max_startups = 10", "max_startups = 20"))).isEmpty())
                .isTrue();
    }

    @Test
    void listenAndOpsListenChangesNeedARestart() {
        String changed = BASE.replace("0.0.0.0:22", "0.0.0.0:2222").replace("9090", "9191");
        assertThat(StaticChanges.between(config(BASE), config(changed)).message()).isEqualTo("needs restart: listen, ops_listen");
    }

    @Test
    void addedListenerAndDataDirAreReported() {
        String changed = BASE + "[[listeners]]\ntransport = \"tcp\"\nlisten = \"0.0.0.0:2222\"\n";
        StaticChanges changes = StaticChanges.between(config(BASE), StaticConfigTest.config(Map.of("data-dir", "/x"), Map.of(), changed));
        assertThat(changes.needsRestart()).containsExactly("listen", "host_key", "data_dir");
    }

    @Test
    void tlsFilesReloadLiveAndAreReportedApart() {
        StaticChanges changes = StaticChanges.between(config(BASE), config(BASE.replace("/a.pem", "/b.pem")));
        assertThat(changes.isEmpty()).isTrue();
        assertThat(changes.tlsFilesChanged()).isTrue();
    }

    private static StaticConfig config(String toml) {
        return StaticConfigTest.config(Map.of(), Map.of(), toml);
    }
}
