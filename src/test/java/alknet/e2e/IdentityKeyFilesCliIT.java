package alknet.e2e;

import alknet.api.AuthOptions;
import alknet.auth.AuthConfig;
import alknet.auth.AuthorizedKeys;
import alknet.testsupport.CoversOption;
import alknet.testsupport.AlknetProcess;
import alknet.testsupport.AlknetTestNodes;
import alknet.testsupport.ExternalCommand;
import alknet.testsupport.FreePorts;
import alknet.testsupport.SshKeys;
import alknet.testsupport.Terminal;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 20-auth-config.md section 2 at the command line, for the user's identity key: an encrypted key works with
 * {@code --identity-passphrase-file}, {@code ALKNET_IDENTITY_PASSPHRASE_FILE} or a prompt on a terminal; otherwise,
 * and for a wrong passphrase, a key open to others or a key the user cannot read, the process exits 2 with a message
 * that names the file, the reason and the fix. {@code alknet token} needs no server, so it shows the key handling
 * alone; one {@code connect} shows the flag reaches a real login.
 */
class IdentityKeyFilesCliIT {
    private static final Duration EXIT = Duration.ofSeconds(40);
    private static final String PASSPHRASE = "tunnel passphrase";

    @TempDir
    Path dir;
    private Path key;
    private Path passphraseFile;

    @BeforeEach
    void encryptedKey() throws Exception {
        key = dir.resolve("id_ed25519");
        ExternalCommand.run(Duration.ofSeconds(30), "ssh-keygen", "-q", "-t", "ed25519", "-N", PASSPHRASE, "-C", "enc",
                "-f", key.toString()).requireSuccess();
        passphraseFile = ownerOnly(Files.writeString(dir.resolve("passphrase"), PASSPHRASE + "\n"));
    }

    private static Path ownerOnly(Path file) throws Exception {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    private AlknetProcess token(AlknetProcess.Builder builder, String... extra) {
        List<String> args = new ArrayList<>(List.of("token", "--identity", key.toString()));
        args.addAll(List.of(extra));
        return builder.name("token").home(dir).args(args).start();
    }

    private static void assertToken(AlknetProcess token) {
        assertThat(token.exitCode(EXIT)).as("exit code; stderr: " + token.stderrLines()).isZero();
        assertThat(token.stdoutLines()).anySatisfy(l -> assertThat(l).matches("[\\w-]+\\.[\\w-]+\\.[\\w-]+"));
    }

    private static String assertUsageError(AlknetProcess process) {
        assertThat(process.exitCode(EXIT)).as("exit code").isEqualTo(2);
        return String.join("\n", process.stderrLines());
    }

    @Test
    @CoversOption(command = "token", option = "--identity-passphrase-file")
    void passphraseFromTheFlag() {
        try (AlknetProcess token = token(AlknetProcess.builder(), "--identity-passphrase-file", passphraseFile.toString())) {
            assertToken(token);
        }
    }

    @Test
    void passphraseFromTheEnvironment() {
        try (AlknetProcess token = token(AlknetProcess.builder().env("ALKNET_IDENTITY_PASSPHRASE_FILE",
                passphraseFile.toString()))) {
            assertToken(token);
        }
    }

    @Test
    void withoutTerminalOrPassphraseFileTheErrorNamesTheFileAndBothWays() {
        try (AlknetProcess token = token(AlknetProcess.builder())) {
            assertThat(assertUsageError(token))
                    .contains("alknet: " + key + " is protected by a passphrase")
                    .contains("--identity-passphrase-file FILE")
                    .contains("ALKNET_IDENTITY_PASSPHRASE_FILE")
                    .contains("run alknet on a terminal")
                    .doesNotContain("Lambda").doesNotContain("Exception");
        }
    }

    @Test
    void wrongPassphraseFileSaysSo() throws Exception {
        Path wrong = ownerOnly(Files.writeString(dir.resolve("wrong"), "not the passphrase\n"));
        try (AlknetProcess token = token(AlknetProcess.builder(), "--identity-passphrase-file", wrong.toString())) {
            assertThat(assertUsageError(token)).contains(key + ": wrong passphrase (read from " + wrong + ")");
        }
    }

    @Test
    void onATerminalThePassphraseIsAskedFor() {
        ExternalCommand.Result run = Terminal.run(EXIT, PASSPHRASE + "\n", javaAlknet("token", "--identity", key.toString()));
        assertThat(run.exitCode()).as("exit code; terminal:\n" + run.stdout()).isZero();
        assertThat(run.stdout()).contains("Enter passphrase for key '" + key + "':");
        assertThat(run.stdout().lines()).anySatisfy(l -> assertThat(l.strip()).matches("[\\w-]+\\.[\\w-]+\\.[\\w-]+"));
    }

    @Test
    void onATerminalThreeWrongPassphrasesEndIt() {
        ExternalCommand.Result run = Terminal.run(EXIT, "one\ntwo\nthree\n", javaAlknet("token", "--identity", key.toString()));
        assertThat(run.exitCode()).as("exit code; terminal:\n" + run.stdout()).isEqualTo(2);
        assertThat(run.stdout()).contains("Wrong passphrase, try again.")
                .contains("alknet: " + key + ": wrong passphrase (3 attempts)");
    }

    @Test
    void aKeyReadableByOthersIsRefusedWithTheChmod() throws Exception {
        Path plain = SshKeys.generateEd25519(dir, "plain").privateKey();
        Files.setPosixFilePermissions(plain, PosixFilePermissions.fromString("rw-r--r--"));
        try (AlknetProcess token = AlknetProcess.builder().name("token").home(dir)
                .args("token", "--identity", plain.toString()).start()) {
            assertThat(assertUsageError(token)).contains("private key file " + plain + " is accessible by group or others"
                    + " (permissions 0644)").contains("chmod 600 " + plain);
        }
    }

    /**
     * Run as nobody (root reads anything), so the key really cannot be read. Nobody gets its own readable copy of the
     * jar: the checkout may sit in a directory only its owner can enter (a clone into {@code mktemp -d}).
     */
    @Test
    void anUnreadableKeyNamesTheReason() throws Exception {
        Path shared = Files.createTempDirectory("alknet-nobody");
        Path jar = shared.resolve("alknet.jar");
        try {
            Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.copy(AlknetProcess.jarPath(), jar);
            Files.setPosixFilePermissions(jar, PosixFilePermissions.fromString("rw-r--r--"));
            List<String> command = new ArrayList<>(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                    "env", "-i", "HOME=/nonexistent"));
            command.addAll(javaAlknet(jar, "token", "--identity", key.toString()));
            ExternalCommand.Result run = ExternalCommand.run(EXIT, command);
            assertThat(run.exitCode()).as("exit code; stderr: " + run.stderr()).isEqualTo(2);
            assertThat(run.stderr()).contains("alknet: cannot read key file " + key + ": permission denied");
        } finally {
            Files.deleteIfExists(jar);
            Files.deleteIfExists(shared);
        }
    }

    @Test
    @CoversOption(command = "connect", option = "--identity-passphrase-file")
    void connectLogsInWithAnEncryptedIdentity() throws Exception {
        try (AlknetTestNodes nodes = AlknetTestNodes.start()) {
            Path authorized = Files.writeString(dir.resolve("authorized_keys_encrypted"),
                    Files.readString(dir.resolve("id_ed25519.pub")).trim() + "\n");
            AlknetTestNodes.await(nodes.server().reloadAuth(AuthOptions.DEFAULT.withAuthorizedKeys(authorized)));
            try (AlknetProcess connect = AlknetProcess.builder().name("connect-encrypted").home(dir)
                    .args("connect", "--server", "127.0.0.1:" + nodes.server().sshPort(), "--identity", key.toString(),
                            "--identity-passphrase-file", passphraseFile.toString(),
                            "--host-key-fingerprint", nodes.server().hostKeyFingerprint(),
                            "--known-hosts", dir.resolve("known_hosts").toString(),
                            "--socks5", "127.0.0.1:" + FreePorts.pick())
                    .start()) {
                connect.awaitStderrLine("session up", EXIT);
            }
        }
    }

    private static List<String> javaAlknet(String... args) {
        return javaAlknet(AlknetProcess.jarPath(), args);
    }

    private static List<String> javaAlknet(Path jar, String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-Xmx256m", "-jar", jar.toString()));
        command.addAll(List.of(args));
        return command;
    }
}
