package alknet.auth;

import alknet.testsupport.ExternalCommand;
import alknet.testsupport.SshKeyPair;
import alknet.testsupport.SshKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * OpenSSH's private key rule (sshkey_perm_ok): a key file of ours that group or others can access at all is
 * refused, with the chmod that fixes it; keys alknet writes itself are 0600 from the start; read errors say why.
 */
class PrivateKeyPermissionsTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"rw-r--r--", "rw-r-----", "rw----r--", "rw------x", "rw--w----"})
    void keyOpenToGroupOrOthersIsRefusedWithTheFix(String mode) throws Exception {
        SshKeyPair key = SshKeys.generateEd25519(dir, "id");
        Files.setPosixFilePermissions(key.privateKey(), PosixFilePermissions.fromString(mode));
        assertThatThrownBy(() -> PrivateKeyFiles.load(key.privateKey()))
                .isInstanceOf(KeyFileException.class)
                .hasMessageStartingWith("private key file " + key.privateKey() + " is accessible by group or others (permissions 0")
                .hasMessageEndingWith("fix with: chmod 600 " + key.privateKey());
        // and the advice works
        ExternalCommand.run(Duration.ofSeconds(10), "chmod", "600", key.privateKey().toString()).requireSuccess();
        assertThat(PrivateKeyFiles.load(key.privateKey())).isNotNull();
    }

    @Test
    void theModeIsShownInOctal() throws Exception {
        SshKeyPair key = SshKeys.generateEd25519(dir, "id");
        Files.setPosixFilePermissions(key.privateKey(), PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> PrivateKeyFiles.load(key.privateKey())).hasMessageContaining("(permissions 0644)");
    }

    @Test
    void ownerOnlyModesAreAccepted() throws Exception {
        SshKeyPair key = SshKeys.generateEd25519(dir, "id");
        Files.setPosixFilePermissions(key.privateKey(), PosixFilePermissions.fromString("r--------"));
        assertThat(PrivateKeyFiles.load(key.privateKey())).isNotNull();
    }

    @Test
    void aKeyOwnedBySomeoneElseIsNotJudged() throws Exception {
        SshKeyPair key = SshKeys.generateEd25519(dir, "id");
        Files.setPosixFilePermissions(key.privateKey(), PosixFilePermissions.fromString("rw-r--r--"));
        // sshd and ssh check only keys owned by the user running them; nobody (65534) owns this one now
        ExternalCommand.run(Duration.ofSeconds(10), "chown", "65534", key.privateKey().toString()).requireSuccess();
        assertThat(PrivateKeyFiles.load(key.privateKey())).isNotNull();
    }

    @Test
    void generatedKeysAreOwnerOnlyAndLoadOrGenerateAcceptsThem() throws Exception {
        Path host = dir.resolve("sub/host_ed25519");
        PrivateKeyFiles.loadOrGenerate(host);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(host))).isEqualTo("rw-------");
        assertThat(PrivateKeyFiles.loadOrGenerate(host)).isNotNull();
        // an existing file that is overwritten is tightened too
        Path loose = Files.writeString(dir.resolve("loose"), "old");
        Files.setPosixFilePermissions(loose, PosixFilePermissions.fromString("rw-rw-rw-"));
        PrivateKeyFiles.generateEd25519(loose);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(loose))).isEqualTo("rw-------");
    }

    @Test
    void readErrorsNameTheReason() throws Exception {
        Path directory = Files.createDirectory(dir.resolve("a_directory"));
        assertThatThrownBy(() -> PrivateKeyFiles.load(directory))
                .isInstanceOf(KeyFileException.class)
                .hasMessage("cannot read key file " + directory + ": is a directory");
    }
}
