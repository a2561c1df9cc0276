package alknet.security;

import alknet.testsupport.OpenSshClient;
import alknet.testsupport.Payloads;
import alknet.testsupport.SinkServer;
import alknet.testsupport.TempDirs;
import alknet.testsupport.TunnelDestinations;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Acceptance 3: reserved {@code alknet-*} names never reach the resolver or a socket. The server JVM resolves names
 * only from a hosts file ({@code -Djdk.net.hosts.file}, JDK 18+, so Temurin 25) that maps {@code alknet-control},
 * {@code alknet-anything} and a normal name to 127.0.0.1, where a recording server listens; the policy even allows
 * {@code alknet-*} on every port. {@code ssh -W alknet-control:PORT} and {@code alknet-anything:PORT} are refused
 * (administratively prohibited: no such service) and nothing connects, while the normal name from the same hosts
 * file is reached, which proves the file is in effect.
 */
@Tag("interop")
@Timeout(120)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReservedNamesNeverResolvedIT {
    private static final Path TEMURIN_25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64/bin/java");
    private static final String PROBE_NAME = "hosts-file-probe.test";
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String POLICY = """
            [forwarding]
            default = "allow"

            [[forwarding.rules]]
            target = "alknet-*"
            action = "allow"
            """;

    private Path dir;
    private SinkServer recorder;
    private ServeProcess server;

    @BeforeAll
    void start() throws Exception {
        assumeTrue(Files.isExecutable(TEMURIN_25), "needs Temurin 25 at " + TEMURIN_25 + " for jdk.net.hosts.file");
        recorder = SinkServer.start();
        TunnelDestinations.record("127.0.0.1", recorder.port());
        TunnelDestinations.record(PROBE_NAME, recorder.port());
        dir = Files.createTempDirectory("alknet-hosts-");
        Path hosts = Files.writeString(dir.resolve("hosts"), "127.0.0.1 localhost alknet-control alknet-anything "
                + "ALKNET-UPPER " + PROBE_NAME + "\n");
        Path config = Files.writeString(dir.resolve("policy.toml"), POLICY);
        server = ServeProcess.start("serve-hosts-file", b -> b.java(TEMURIN_25)
                .jvmArgs("-XX:+UseSerialGC", "-Xmx256m", "-Djdk.net.hosts.file=" + hosts),
                "--config", config.toString());
    }

    @AfterAll
    void stop() {
        try (ServeProcess s = server; SinkServer r = recorder) {
            // closed in reverse order
        } finally {
            TempDirs.deleteQuietly(dir);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"alknet-control", "alknet-anything", "ALKNET-UPPER", "Alknet-Control"})
    void reservedNameIsRefusedAndNothingConnects(String name) {
        int before = server.logLines("channel denied").size();
        try (OpenSshClient ssh = server.ssh().args("-W", name + ":" + recorder.port()).start()) {
            int exit = ssh.exitCode(WAIT);
            String stderr = ssh.stderr().text();
            assertThat(exit).as("ssh -W exit code; stderr:\n" + stderr).isEqualTo(255);
            assertThat(stderr).contains("open failed: administratively prohibited");
        }
        assertThat(recorder.acceptedConnections()).as("connections to the address the hosts file gives " + name)
                .isZero();
        assertThat(server.logLines("channel denied")).hasSizeGreaterThan(before);
        assertThat(server.process().stderrLines()).noneMatch(l -> l.toLowerCase().contains(name.toLowerCase())
                || l.contains(Integer.toString(recorder.port())));
    }

    @Test
    void aNormalNameFromTheSameHostsFileIsReached() throws Exception {
        int before = recorder.acceptedConnections();
        byte[] payload = Payloads.random(1024, 3);
        try (OpenSshClient ssh = server.ssh().args("-W", PROBE_NAME + ":" + recorder.port()).start()) {
            try (OutputStream in = ssh.stdin()) {
                in.write(payload);
            }
            assertThat(ssh.exitCode(WAIT)).as("ssh -W exit code; stderr:\n" + ssh.stderr().text()).isZero();
        }
        var got = recorder.awaitReceived(before + 1, WAIT).get(before);
        assertThat(got.sha256Hex()).as("bytes that reached " + PROBE_NAME).isEqualTo(Payloads.sha256Hex(payload));
        assertThat(server.process().stderrLines()).noneMatch(l -> l.contains(PROBE_NAME));
        assertThat(List.of(server.process().command().get(0))).as("the server ran on Temurin 25")
                .containsExactly(TEMURIN_25.toString());
    }
}
