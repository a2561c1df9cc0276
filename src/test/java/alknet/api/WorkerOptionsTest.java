package alknet.api;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Worker names become the first segment of {@code /NAME/service/op} on every head (40-cluster-ops.md section 2). */
class WorkerOptionsTest {
    @ParameterizedTest
    @ValueSource(strings = {"w", "worker-7", "pod.abc_1", "9lives", "Head2", "nodes", "services-a"})
    void validNamesAreTaken(String name) {
        assertThat(new WorkerOptions().name(name).name()).isEqualTo(name);
    }

    @Test
    void sixtyThreeCharactersIsTheLongestName() {
        String longest = "a".repeat(63);
        assertThat(new WorkerOptions().name(longest).name()).isEqualTo(longest);
        assertThatThrownBy(() -> new WorkerOptions().name(longest + "a")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1-63");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-lead", ".hidden", "_x", "a/b", "a b", "ä", "a:b", "a\nb"})
    void malformedNamesAreRefusedSayingWhatIsAllowed(String name) {
        assertThatThrownBy(() -> new WorkerOptions().name(name)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(name.isEmpty() ? "empty" : "letters, digits");
    }

    @Test
    void aControlCharacterIsShownEscaped() {
        assertThatThrownBy(() -> new WorkerOptions().name("a\nb")).hasMessageContaining("'a\\x0ab'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"head", "node", "services", "HEAD", "Node"})
    void aHeadsOwnNamespacesAreReserved(String name) {
        assertThatThrownBy(() -> new WorkerOptions().name(name)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("reserved");
    }

    @Test
    void heartbeatIsWholeSecondsFromOneToSixty() {
        assertThat(new WorkerOptions().heartbeat()).isEqualTo(Duration.ofSeconds(10));
        assertThat(new WorkerOptions().heartbeat(Duration.ofSeconds(1)).heartbeat()).isEqualTo(Duration.ofSeconds(1));
        assertThat(new WorkerOptions().heartbeat(Duration.ofSeconds(60)).heartbeat()).isEqualTo(Duration.ofSeconds(60));
        for (Duration bad : new Duration[] {Duration.ZERO, Duration.ofMillis(999), Duration.ofSeconds(61), Duration.ofMillis(1500),
                Duration.ofSeconds(-1)}) {
            assertThatThrownBy(() -> new WorkerOptions().heartbeat(bad)).as("%s", bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 to 60");
        }
    }

    @Test
    void aWorkerHasNoSocks5ListenerUnlessAsked() {
        assertThat(new WorkerOptions().connect().socks5Enabled()).isFalse();
    }

    @Test
    void fallbackServersFollowTheFirstInOrder() {
        ConnectOptions options = new ConnectOptions().addFallbackServer("b.example", 2222).server("a.example", 22)
                .addFallbackServer("c.example", 443);
        assertThat(options.servers()).extracting(s -> s.getHostString() + ":" + s.getPort())
                .containsExactly("a.example:22", "b.example:2222", "c.example:443");
        assertThat(options.servers()).allMatch(java.net.InetSocketAddress::isUnresolved);
        assertThatThrownBy(() -> options.addFallbackServer("d.example", 70000)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void eachServersOwnHostIsTheTlsNameUnlessOneIsGiven() {
        ConnectOptions options = new ConnectOptions().server("a.example", 443);
        assertThat(options.tlsServerNameFor("b.example")).isEqualTo("b.example");
        options.tlsServerName("heads.example");
        assertThat(options.tlsServerNameFor("b.example")).isEqualTo("heads.example");
    }
}
