package alknet.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Transport flags that cannot work are usage errors (exit 2) whose message says what to add (10-tunnel.md section 1).
 * In process: should a check ever go missing, the server would start and block, so each test has a time limit.
 */
@Timeout(30)
class TransportUsageErrorsTest {
    @Test
    void stealthWithoutTlsIsAUsageError() {
        Outcome o = run("serve", "--listen", "127.0.0.1:0", "--no-ops", "--stealth");
        assertThat(o.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(o.err()).contains("stealth").containsIgnoringCase("tls");
    }

    @Test
    void stealthFromTheFileWithoutTlsIsAUsageErrorNamingTheLine(@TempDir Path dir) throws Exception {
        Path toml = dir.resolve("alknet.toml");
        Files.writeString(toml, "[server]\nstealth = true\n");
        Outcome o = run("serve", "--config", toml.toString(), "--listen", "127.0.0.1:0", "--no-ops");
        assertThat(o.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(o.err()).contains(toml + ":2: server.stealth: --stealth works only with transport tls")
                .contains("--transport tls");
    }

    @Test
    void tlsWithoutCertificateIsAUsageError() {
        Outcome o = run("serve", "--listen", "127.0.0.1:0", "--no-ops", "--transport", "tls");
        assertThat(o.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(o.err()).contains("--tls-cert").contains("--tls-key");
    }

    @Test
    void badServerProxyUrlIsAUsageErrorShowingTheAcceptedForms() {
        Outcome o = run("serve", "--listen", "127.0.0.1:0", "--no-ops", "--proxy", "https://user:hunter2@proxy:443");
        assertThat(o.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(o.err()).contains("--proxy").contains("socks5://[USER:PASS@]HOST:PORT").doesNotContain("hunter2");
    }

    @Test
    void badClientProxyUrlIsAUsageError() {
        Outcome o = run("connect", "--server", "127.0.0.1:2222", "--proxy", "socks5://proxy-without-port");
        assertThat(o.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(o.err()).contains("needs a host and a port");
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
