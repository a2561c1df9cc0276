package alknet.security;

import alknet.testsupport.TempDirs;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Acceptance 7, {@code alknet serve} as a process: started under {@code nohup} (SIGHUP ignored, so a reload by
 * signal cannot work) it says so and names the alternative, and without nohup it does not; killed with SIGKILL it
 * leaves no {@code vertx-cache-*} directory in its {@code java.io.tmpdir} (plain Vert.x creates one at start-up and
 * only removes it on a clean exit).
 */
@Tag("interop")
@Timeout(120)
class ServeProcessHygieneIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void underNohupTheServerWarnsThatSighupIsIgnored() throws Exception {
        try (ServeProcess server = ServeProcess.start("serve-nohup", b -> b.launcher("nohup"))) {
            String warning = server.process().awaitStderrLine("SIGHUP is ignored", WAIT);
            assertThat(warning).contains("POST /admin/reload");
        }
        try (ServeProcess server = ServeProcess.start("serve-without-nohup")) {
            server.process().signal("HUP"); // handled: a reload, not a stop
            server.process().awaitStderrLine("config reload", WAIT);
            assertThat(server.process().isAlive()).isTrue();
            assertThat(server.logLines("SIGHUP is ignored")).isEmpty();
        }
    }

    @Test
    void sigkillLeavesNoVertxCacheInTheTempDirectory() throws Exception {
        Path tmp = Files.createTempDirectory("alknet-tmpdir-");
        try {
            try (ServeProcess server = ServeProcess.start("serve-tmpdir", b -> b.jvmArgs("-XX:+UseSerialGC",
                    "-Xmx256m", "-Djava.io.tmpdir=" + tmp))) {
                assertThat(httpStatus(server.opsPort(), "/metrics")).startsWith("HTTP/1.1 200");
                assertThat(httpStatus(server.opsPort(), "/readyz")).startsWith("HTTP/1.1 200");
                try (Socket ssh = alknet.testsupport.Sockets.connect(server.sshPort())) {
                    assertThat(TwentyConnections.firstLine(ssh)).startsWith("SSH-2.0-");
                }
                server.process().signal("KILL");
                assertThat(server.process().exitCode(WAIT)).isEqualTo(128 + 9);
            }
            try (Stream<Path> left = Files.list(tmp)) {
                assertThat(left.map(p -> p.getFileName().toString()).toList())
                        .as("entries left in java.io.tmpdir").noneMatch(n -> n.startsWith("vertx-cache-"));
            }
        } finally {
            TempDirs.deleteQuietly(tmp);
        }
    }

    private static String httpStatus(int port, String path) throws IOException {
        try (Socket s = alknet.testsupport.Sockets.connect(port)) {
            OutputStream out = s.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return TwentyConnections.firstLine(s);
        }
    }
}
