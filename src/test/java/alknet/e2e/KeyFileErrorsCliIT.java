package alknet.e2e;

import alknet.testsupport.AlknetProcess;
import alknet.testsupport.CoversOption;
import alknet.testsupport.ExternalCommand;
import alknet.testsupport.FreePorts;
import alknet.testsupport.SshKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 20-auth-config.md section 2 at the command line: a bad authorized_keys file, a PEM host key and a
 * missing identity each stop the process with a non-zero exit code and a message that names the file
 * (and line) and the fix, instead of starting half-configured.
 */
class KeyFileErrorsCliIT {
    private static final Duration EXIT = Duration.ofSeconds(40);

    @TempDir
    Path dir;

    @Test
    @CoversOption(command = "serve", option = "--authorized-keys")
    void serveWithMalformedAuthorizedKeysExitsNonZeroNamingFileAndLine() throws Exception {
        Path bad = dir.resolve("authorized_keys");
        Files.write(bad, List.of(SshKeys.generateEd25519(dir, "ok").publicKeyLine(), "ssh-ed25519 @@@not-base64@@@ x"));
        AlknetProcess serve = AlknetProcess.builder().name("serve-bad-ak").home(dir).args("serve",
                "--listen", "127.0.0.1:" + FreePorts.pick(), "--ops-listen", "127.0.0.1:" + FreePorts.pick(),
                "--data-dir", dir.resolve("data").toString(), "--authorized-keys", bad.toString()).start();
        try (serve) {
            assertThat(serve.exitCode(EXIT)).as("exit code").isNotZero();
            assertThat(String.join("\n", serve.stderrLines())).contains(bad + ":2");
        }
    }

    @Test
    @CoversOption(command = "serve", option = "--key")
    void serveWithPemHostKeyExitsNonZeroWithTheSpecifiedMessage() throws Exception {
        Path pem = dir.resolve("host_pem");
        ExternalCommand.run(Duration.ofSeconds(30), "ssh-keygen", "-q", "-t", "ecdsa", "-m", "PEM", "-N", "",
                "-f", pem.toString()).requireSuccess();
        Path ak = SshKeys.writeAuthorizedKeys(dir.resolve("ak"), SshKeys.generateEd25519(dir, "ok").publicKeyLine());
        AlknetProcess serve = AlknetProcess.builder().name("serve-pem").home(dir).args("serve",
                "--listen", "127.0.0.1:" + FreePorts.pick(), "--ops-listen", "127.0.0.1:" + FreePorts.pick(),
                "--data-dir", dir.resolve("data").toString(), "--authorized-keys", ak.toString(),
                "--key", pem.toString()).start();
        try (serve) {
            assertThat(serve.exitCode(EXIT)).as("exit code").isNotZero();
            assertThat(String.join("\n", serve.stderrLines()))
                    .contains("PEM keys are not supported; convert with ssh-keygen -p -f " + pem);
        }
    }

    @Test
    void serveWithAnUnknownAuthorizedKeysOptionExitsNamingFileLineAndOption() throws Exception {
        Path ak = SshKeys.writeAuthorizedKeys(dir.resolve("authorized_keys"),
                SshKeys.generateEd25519(dir, "ok").publicKeyLine(),
                "no-pty,x-unknown-option " + SshKeys.generateEd25519(dir, "other").publicKeyLine());
        try (AlknetProcess serve = serve("serve-bad-option", "--authorized-keys", ak.toString())) {
            assertThat(serve.exitCode(EXIT)).as("exit code").isEqualTo(2);
            assertThat(String.join("\n", serve.stderrLines())).contains(ak + ":2: unknown option 'x-unknown-option'");
        }
    }

    @Test
    void serveWithAHostKeyReadableByOthersExitsWithTheChmod() throws Exception {
        Path hostKey = SshKeys.generateEd25519(dir, "host").privateKey();
        Files.setPosixFilePermissions(hostKey, PosixFilePermissions.fromString("rw-r--r--"));
        try (AlknetProcess serve = serve("serve-open-host-key", "--key", hostKey.toString())) {
            assertThat(serve.exitCode(EXIT)).as("exit code").isEqualTo(2);
            assertThat(String.join("\n", serve.stderrLines())).contains(hostKey + " is accessible by group or others")
                    .contains("chmod 600 " + hostKey);
        }
    }

    @Test
    void serveWithAnEncryptedHostKeyExitsWithTheFix() {
        Path hostKey = dir.resolve("host_encrypted");
        ExternalCommand.run(Duration.ofSeconds(30), "ssh-keygen", "-q", "-t", "ed25519", "-N", "secret", "-f",
                hostKey.toString()).requireSuccess();
        try (AlknetProcess serve = serve("serve-encrypted-host-key", "--key", hostKey.toString())) {
            assertThat(serve.exitCode(EXIT)).as("exit code").isEqualTo(2);
            assertThat(String.join("\n", serve.stderrLines())).contains(hostKey + " is protected by a passphrase")
                    .contains("ssh-keygen -p -f " + hostKey);
        }
    }

    private AlknetProcess serve(String name, String... args) {
        List<String> all = new java.util.ArrayList<>(List.of("serve", "--listen", "127.0.0.1:" + FreePorts.pick(),
                "--ops-listen", "127.0.0.1:" + FreePorts.pick(), "--data-dir", dir.resolve("data").toString()));
        all.addAll(List.of(args));
        return AlknetProcess.builder().name(name).home(dir).args(all).start();
    }

    @Test
    @CoversOption(command = "connect", option = "--identity")
    void connectWithMissingIdentityExitsNonZeroNamingFileAndFix() {
        Path missing = dir.resolve("no_such_identity");
        AlknetProcess connect = AlknetProcess.builder().name("connect-missing-id").home(dir).args("connect",
                "--server", "127.0.0.1:" + FreePorts.pick(), "--identity", missing.toString(), "--no-socks5").start();
        try (connect) {
            assertThat(connect.exitCode(EXIT)).as("exit code").isNotZero();
            assertThat(String.join("\n", connect.stderrLines())).contains(missing.toString()).contains("ssh-keygen");
        }
    }
}
