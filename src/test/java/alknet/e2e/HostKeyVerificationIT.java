package alknet.e2e;

import alknet.testsupport.AlknetProcess;
import alknet.testsupport.CoversOption;
import alknet.testsupport.FreePorts;
import alknet.testsupport.SshKeyPair;
import alknet.testsupport.SshKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Acceptance 9, trust on first use with the real jar: {@code connect} with an empty known_hosts stores server
 * key A (the file then holds A's fingerprint); the server is restarted on the same port with key B; a new
 * {@code connect} exits with code 3 within seconds, and its stderr names both fingerprints.
 */
@Timeout(120)
class HostKeyVerificationIT {
    private static final Duration START = Duration.ofSeconds(30);

    @Test
    @CoversOption(command = "serve", option = "--key")
    @CoversOption(command = "connect", option = "--known-hosts")
    void changedHostKeyIsRefusedWithExitCode3(@TempDir Path dir) throws Exception {
        {
            SshKeyPair hostA = SshKeys.generateEd25519(dir, "host_a");
            SshKeyPair hostB = SshKeys.generateEd25519(dir, "host_b");
            SshKeyPair client = SshKeys.generateEd25519(dir, "id_ed25519");
            Path authorized = SshKeys.writeAuthorizedKeys(dir.resolve("authorized_keys"), client.publicKeyLine());
            Path knownHosts = dir.resolve("client/known_hosts");
            assertThat(knownHosts).doesNotExist();
            int port = FreePorts.pick();

            try (AlknetProcess serverA = serve(dir, hostA, authorized, port, "serve-a")) {
                serverA.awaitStderrLine("server listening", START);
                try (AlknetProcess first = connect(dir, client, knownHosts, port, "connect-1")) {
                    String stored = first.awaitStderrLine("new host key", START);
                    assertThat(stored).contains(hostA.fingerprint());
                    first.awaitStderrLine("session up", START);
                    assertThat(Files.readString(knownHosts)).contains(hostA.fingerprint())
                            .doesNotContain(hostB.fingerprint());
                }
            }

            try (AlknetProcess serverB = serve(dir, hostB, authorized, port, "serve-b")) {
                serverB.awaitStderrLine("server listening", START);
                try (AlknetProcess second = connect(dir, client, knownHosts, port, "connect-2")) {
                    long started = System.nanoTime();
                    int exit = second.exitCode(Duration.ofSeconds(20));
                    long millis = (System.nanoTime() - started) / 1_000_000;
                    String stderr = String.join("\n", second.stderrLines());
                    assertThat(exit).as("exit code; stderr:\n" + stderr).isEqualTo(3);
                    assertThat(millis).as("exited within (ms)").isLessThan(15_000);
                    assertThat(stderr).contains(hostA.fingerprint()).contains(hostB.fingerprint());
                    assertThat(Files.readString(knownHosts)).as("known_hosts unchanged")
                            .contains(hostA.fingerprint()).doesNotContain(hostB.fingerprint());
                }
            }
        }
    }

    private static AlknetProcess serve(Path dir, SshKeyPair hostKey, Path authorized, int port, String name) {
        return AlknetProcess.builder().name(name).home(dir.resolve("home-" + name)).args("serve",
                "--listen", "127.0.0.1:" + port,
                "--key", hostKey.privateKey().toString(),
                "--authorized-keys", authorized.toString(),
                "--data-dir", dir.resolve("data-" + name).toString(),
                "--no-ops").start();
    }

    private static AlknetProcess connect(Path dir, SshKeyPair client, Path knownHosts, int port, String name) {
        return AlknetProcess.builder().name(name).home(dir.resolve("home-" + name)).args("connect",
                "--server", "127.0.0.1:" + port,
                "--identity", client.privateKey().toString(),
                "--user", "tester",
                "--known-hosts", knownHosts.toString(),
                "--socks5", "127.0.0.1:0").start();
    }
}
