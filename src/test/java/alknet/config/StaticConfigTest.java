package alknet.config;

import alknet.stream.TransportKind;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which listeners run, and the restart-only settings, after precedence. */
class StaticConfigTest {
    private static final String LISTENERS = """
            [[listeners]]
            transport = "tcp"
            listen = "0.0.0.0:2222"
            [[listeners]]
            transport = "ws"
            listen = "0.0.0.0:8080"
            ws_path = "/tunnel"
            """;

    @Test
    void fileListenersAloneReplaceTheDefaultListener() {
        assertThat(listens(Map.of(), Map.of(), LISTENERS)).containsExactly("0.0.0.0:2222", "0.0.0.0:8080");
    }

    @Test
    void serverListenInTheFileComesFirstThenTheListeners() {
        assertThat(listens(Map.of(), Map.of(), "[server]\nlisten = \"0.0.0.0:22\"\n" + LISTENERS))
                .containsExactly("0.0.0.0:22", "0.0.0.0:2222", "0.0.0.0:8080");
    }

    @Test
    void listenFlagOrEnvironmentReplacesTheFilesListeners() {
        assertThat(listens(Map.of("listen", "127.0.0.1:2200"), Map.of(), LISTENERS)).containsExactly("127.0.0.1:2200");
        assertThat(listens(Map.of(), Map.of("ALKNET_LISTEN", "127.0.0.1:2201"), LISTENERS)).containsExactly("127.0.0.1:2201");
    }

    @Test
    void wsPathAndTransportComeFromTheEntry() {
        ListenerConfig ws = config(Map.of(), Map.of(), LISTENERS).listeners().get(1);
        assertThat(ws.transport()).isEqualTo(TransportKind.WS);
        assertThat(ws.wsPath()).isEqualTo("/tunnel");
    }

    @Test
    void tlsListenerWithoutCertificateIsRefusedNamingTheEntry() {
        String text = "[[listeners]]\ntransport = \"tls\"\nlisten = \"0.0.0.0:443\"\n";
        assertThatThrownBy(() -> config(Map.of(), Map.of(), text))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("t.toml:1: listeners[0]: listener 0.0.0.0:443: transport tls needs a certificate and key");
    }

    @Test
    void tlsFlagsCompleteATlsListenerFromTheFile() {
        String text = "[[listeners]]\ntransport = \"tls\"\nlisten = \"0.0.0.0:443\"\nstealth = true\n";
        ListenerConfig tls = config(Map.of("tls-cert", "/c.pem", "tls-key", "/k.pem"), Map.of(), text).listeners().get(0);
        assertThat(tls.tlsCert()).isEqualTo(Path.of("/c.pem"));
        assertThat(tls.stealth()).isTrue();
    }

    @Test
    void stealthFlagWithTcpTransportIsRefused() {
        assertThatThrownBy(() -> config(Map.of("stealth", "true"), Map.of(), ""))
                .hasMessageContaining("--stealth works only with transport tls");
    }

    @Test
    void sameAddressTwiceIsRefused() {
        String text = "[server]\nlisten = \"0.0.0.0:2222\"\n" + LISTENERS;
        assertThatThrownBy(() -> config(Map.of(), Map.of(), text)).hasMessageStartingWith("listen address 0.0.0.0:2222 is configured twice");
    }

    @Test
    void clusterNeedsMembersOrAKubernetesService() {
        assertThatThrownBy(() -> config(Map.of("cluster", "true"), Map.of(), ""))
                .hasMessageContaining("--cluster-members");
        ClusterConfig cluster = config(Map.of("cluster", "true"), Map.of("ALKNET_CLUSTER_MEMBERS", "10.0.0.1:5701, 10.0.0.2:5701"), "")
                .cluster();
        assertThat(cluster.members()).containsExactly("10.0.0.1:5701", "10.0.0.2:5701");
        ClusterConfig fromFile = config(Map.of(), Map.of(), "[cluster]\nenabled = true\nmembers = [\"a:1\", \"b:2\"]\n").cluster();
        assertThat(fromFile.members()).containsExactly("a:1", "b:2");
    }

    @Test
    void hostKeyDefaultsIntoTheEffectiveDataDir() {
        StaticConfig c = config(Map.of("data-dir", "/srv/a"), Map.of(), "[server]\nproxy = \"socks5://127.0.0.1:1080\"\n");
        assertThat(c.hostKey()).isEqualTo(Path.of("/srv/a/host_ed25519"));
        assertThat(c.proxy()).isEqualTo("socks5://127.0.0.1:1080");
    }

    private static List<String> listens(Map<String, String> flags, Map<String, String> env, String toml) {
        return config(flags, env, toml).listeners().stream().map(ListenerConfig::listen).toList();
    }

    static StaticConfig config(Map<String, String> flags, Map<String, String> env, String toml) {
        return StaticConfig.from(EffectiveSettings.resolve(flags, env, AlknetConfigFile.parse("t.toml", toml)));
    }
}
