package alknet.cli;

import alknet.api.WorkerOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code alknet worker} input checks (40-cluster-ops.md section 1): bad flags are usage errors (exit 2) that say what
 * to give, before anything connects; the name comes from {@code --name}, else POD_NAME, else HOSTNAME. In process:
 * a missing check would start a worker and block, so each test has a time limit.
 */
@Timeout(30)
class WorkerCommandTest {
    @Test
    void aReservedOrMalformedNameIsAUsageError() {
        Outcome reserved = run("worker", "--head", "127.0.0.1:1", "--name", "services");
        assertThat(reserved.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(reserved.err()).contains("'services' is reserved");
        Outcome slash = run("worker", "--head", "127.0.0.1:1", "--name", "a/b");
        assertThat(slash.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(slash.err()).contains("'a/b' is not valid").contains("1-63 letters, digits");
    }

    @Test
    void aHeartbeatOutsideOneToSixtySecondsIsAUsageError() {
        for (String bad : new String[] {"0", "61", "-5"}) {
            Outcome o = run("worker", "--head", "127.0.0.1:1", "--name", "w", "--heartbeat", bad);
            assertThat(o.code()).as(bad).isEqualTo(ExitCodes.USAGE);
            assertThat(o.err()).contains("--heartbeat must be 1-60 seconds, got " + bad);
        }
    }

    @Test
    void headsAreAListOfHostPortWithoutGaps() {
        Outcome missing = run("worker", "--name", "w");
        assertThat(missing.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(missing.err()).contains("missing --head");
        Outcome gap = run("worker", "--head", "a.example,,b.example", "--name", "w");
        assertThat(gap.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(gap.err()).contains("empty entry");
        Outcome port = run("worker", "--head", "a.example,b.example:99999", "--name", "w");
        assertThat(port.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(port.err()).contains("--head 'b.example:99999'").contains("not a port");
    }

    @Test
    void theHeadListBecomesTheServersInOrderWithTheTransportsDefaultPort() {
        WorkerOptions tcp = options(Map.of(), "--head", "a.example, b.example:2222,[::1]", "--name", "w");
        assertThat(tcp.connect().servers()).extracting(s -> s.getHostString() + " " + s.getPort())
                .containsExactly("a.example 22", "b.example 2222", "::1 22");
        WorkerOptions tls = options(Map.of(), "--head", "a.example,b.example", "--name", "w", "--transport", "tls");
        assertThat(tls.connect().servers()).extracting(s -> s.getPort()).containsExactly(443, 443);
        assertThat(tcp.connect().socks5Enabled()).as("a worker has no SOCKS5 listener").isFalse();
    }

    @Test
    void theNameIsTheFlagThenPodNameThenHostName() {
        Map<String, String> both = Map.of("POD_NAME", "pod-1", "HOSTNAME", "host-1");
        assertThat(options(both, "--head", "h", "--name", "given").name()).isEqualTo("given");
        assertThat(options(both, "--head", "h").name()).isEqualTo("pod-1");
        assertThat(options(Map.of("POD_NAME", "", "HOSTNAME", "host-1"), "--head", "h").name()).isEqualTo("host-1");
        assertThat(options(Map.of("HOSTNAME", "host-1"), "--head", "h").heartbeat()).hasSeconds(10);
    }

    private static WorkerOptions options(Map<String, String> env, String... args) {
        WorkerCommand command = new WorkerCommand();
        new CommandLine(command).parseArgs(args);
        command.session.identity = java.nio.file.Path.of("unused_ed25519"); // not read before connecting
        return command.buildOptions(env);
    }

    private record Outcome(int code, String err) {}

    private static Outcome run(String... args) {
        PrintStream original = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int code = Main.run(args);
            return new Outcome(code, err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(original);
        }
    }
}
