package alknet.cli;

import alknet.testsupport.AlknetProcess;
import alknet.testsupport.CoversOption;
import alknet.testsupport.Curl;
import alknet.testsupport.ExternalCommand;
import alknet.testsupport.FreePorts;
import alknet.testsupport.HttpTestServer;
import alknet.testsupport.ListeningPorts;
import alknet.testsupport.SshKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Acceptance 1: {@code java -jar alknet.jar quickstart --socks5 127.0.0.1:PORT --dir DIR} prints its SOCKS5 address
 * (the port asked for), the real {@code curl --socks5-hostname} fetches a page through it, SIGTERM stops it with exit
 * code 0, and the generated keys stay in DIR (the printed host key is the one in DIR).
 */
@Timeout(60)
class QuickstartIT {
    private static final Pattern SOCKS5_LINE = Pattern.compile("SOCKS5 proxy: 127\\.0\\.0\\.1:(\\d+)");
    private static final Pattern HOST_KEY = Pattern.compile("host key (SHA256:\\S+)\\)");
    private static final Duration START_WAIT = Duration.ofSeconds(30);
    private static final Duration STOP_WAIT = Duration.ofSeconds(5);

    @TempDir
    Path home;

    @Test
    @CoversOption(command = "quickstart", option = "--socks5")
    @CoversOption(command = "quickstart", option = "--dir")
    void curlThroughTheQuickstartSocks5PortThenSigtermExitsZero() throws Exception {
        int wanted = FreePorts.pick();
        Path keys = home.resolve("quickstart-keys");
        try (HttpTestServer http = HttpTestServer.start("quickstart works\n");
                AlknetProcess quickstart = AlknetProcess.builder()
                        .name("quickstart")
                        .home(home)
                        // keeps the generated key directory inside this test's temp dir
                        .jvmArgs("-XX:+UseSerialGC", "-Xmx256m", "-Djava.io.tmpdir=" + home)
                        .args("quickstart", "--socks5", "127.0.0.1:" + wanted, "--dir", keys.toString())
                        .start()) {
            Matcher socks5 = quickstart.stdout().awaitMatch(SOCKS5_LINE, START_WAIT);
            int port = Integer.parseInt(socks5.group(1));
            assertThat(port).as("the printed SOCKS5 port").isEqualTo(wanted);
            assertThat(ListeningPorts.isListening(wanted)).as("--socks5 port listening").isTrue();
            String hostKey = quickstart.stdout().awaitMatch(HOST_KEY, START_WAIT).group(1);
            quickstart.awaitStdoutLine("curl --socks5-hostname 127.0.0.1:" + port, START_WAIT);

            ExternalCommand.Result curl = Curl.viaSocks5Hostname(port, http.url("localhost"));

            assertThat(curl.exitCode()).as("curl exit code; stderr: " + curl.stderr()).isZero();
            assertThat(curl.stdout()).isEqualTo("quickstart works\n");
            assertThat(http.requestCount()).isEqualTo(1);

            quickstart.signal("TERM");
            assertThat(quickstart.exitCode(STOP_WAIT)).as("exit code after SIGTERM").isZero();
            assertThat(keys.resolve("id_ed25519")).as("client key kept in --dir").isRegularFile();
            assertThat(SshKeys.fingerprint(keys.resolve("host_ed25519"))).as("the host key in --dir is the one served")
                    .isEqualTo(hostKey);
        }
    }
}
