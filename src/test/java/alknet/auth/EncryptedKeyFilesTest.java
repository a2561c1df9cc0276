package alknet.auth;

import alknet.api.KeyPassphrase;
import alknet.testsupport.ExternalCommand;
import alknet.testsupport.SshKeyPair;
import alknet.testsupport.SshKeys;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Passphrase-protected OpenSSH keys made by the real {@code ssh-keygen -N}: loaded with the passphrase from a file;
 * without one, or with a wrong one, the error names the key file and what to do.
 */
class EncryptedKeyFilesTest {
    private static final String PASSPHRASE = "correct horse battery staple";

    @TempDir
    Path dir;
    private Path key;
    private Path publicKey;

    @BeforeEach
    void encryptedKey() {
        key = dir.resolve("id_ed25519");
        ExternalCommand.run(Duration.ofSeconds(30), "ssh-keygen", "-q", "-t", "ed25519", "-N", PASSPHRASE,
                "-C", "enc", "-f", key.toString()).requireSuccess();
        publicKey = dir.resolve("id_ed25519.pub");
    }

    private Path passphraseFile(String content) throws Exception {
        Path file = dir.resolve("passphrase");
        Files.writeString(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    @Test
    void loadsWithThePassphraseFromAFile() throws Exception {
        var pair = PrivateKeyFiles.load(key, new KeyPassphrase.FromFile(passphraseFile(PASSPHRASE + "\n")));
        assertThat(KeyUtils.compareKeys(pair.getPublic(), CertificateFiles.publicKey(publicKey))).isTrue();
        // without the trailing newline too
        assertThat(PrivateKeyFiles.load(key, new KeyPassphrase.FromFile(passphraseFile(PASSPHRASE)))).isNotNull();
    }

    @Test
    void wrongPassphraseSaysSo() throws Exception {
        Path wrong = passphraseFile("not it\n");
        assertThatThrownBy(() -> PrivateKeyFiles.load(key, new KeyPassphrase.FromFile(wrong)))
                .isInstanceOf(KeyFileException.class)
                .hasMessage(key + ": wrong passphrase (read from " + wrong + ")");
    }

    @Test
    void withoutAPassphraseTheErrorNamesBothWaysToGiveIt() {
        assertThatThrownBy(() -> PrivateKeyFiles.load(key))
                .isInstanceOf(KeyFileException.class)
                .hasMessageStartingWith(key + " is protected by a passphrase; ")
                .hasMessageContaining("--identity-passphrase-file FILE")
                .hasMessageContaining("ALKNET_IDENTITY_PASSPHRASE_FILE")
                .hasMessageContaining("terminal")
                .hasMessageNotContaining("Lambda");
    }

    @Test
    void anEncryptedHostKeyIsRefusedWithTheFix() {
        assertThatThrownBy(() -> PrivateKeyFiles.loadOrGenerate(key))
                .isInstanceOf(KeyFileException.class)
                .hasMessageContaining(key + " is protected by a passphrase")
                .hasMessageEndingWith("remove the passphrase with: ssh-keygen -p -f " + key);
    }

    @Test
    void passphraseFileProblemsNameThatFile() throws Exception {
        Path missing = dir.resolve("no_such_passphrase");
        assertThatThrownBy(() -> PrivateKeyFiles.load(key, new KeyPassphrase.FromFile(missing)))
                .hasMessage("cannot read passphrase file " + missing + ": no such file");
        Path empty = passphraseFile("\n");
        assertThatThrownBy(() -> PrivateKeyFiles.load(key, new KeyPassphrase.FromFile(empty)))
                .hasMessageStartingWith("passphrase file " + empty + " is empty");
        Path open = passphraseFile(PASSPHRASE);
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> PrivateKeyFiles.load(key, new KeyPassphrase.FromFile(open)))
                .hasMessageContaining("passphrase file " + open + " is accessible by group or others")
                .hasMessageEndingWith("chmod 600 " + open);
    }

    @Test
    void anUnencryptedKeyIgnoresThePassphraseSource() throws Exception {
        SshKeyPair plain = SshKeys.generateEd25519(dir, "plain");
        assertThat(PrivateKeyFiles.load(plain.privateKey(), new KeyPassphrase.FromFile(dir.resolve("absent")))).isNotNull();
        assertThat(PrivateKeyFiles.load(plain.privateKey(), KeyPassphrase.HOST_KEY)).isNotNull();
    }
}
