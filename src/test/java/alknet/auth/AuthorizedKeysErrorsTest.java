package alknet.auth;

import alknet.testsupport.SshKeyPair;
import alknet.testsupport.SshKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * 20-auth-config.md section 2: an authorized_keys line that does not parse is reported as FILE:LINE
 * and rejects the whole file (never half-loaded); comments and blank lines count as lines.
 */
class AuthorizedKeysErrorsTest {
    @TempDir
    Path dir;

    @Test
    void malformedLineIsReportedWithFileAndLineNumber() throws Exception {
        SshKeyPair good = SshKeys.generateEd25519(dir, "good");
        Path file = dir.resolve("authorized_keys");
        Files.write(file, List.of(
                "# team keys",
                good.publicKeyLine(),
                "",
                "ssh-ed25519 this-is-not-base64!! broken"));

        assertThatThrownBy(() -> AuthorizedKeys.read(file))
                .isInstanceOf(KeyFileException.class)
                .hasMessageContaining(file + ":4");
    }

    @Test
    void lineWithoutAKeyTypeIsReportedWithFileAndLineNumber() throws Exception {
        Path file = dir.resolve("authorized_keys");
        Files.write(file, List.of("hello world"));

        assertThatThrownBy(() -> AuthorizedKeys.read(file))
                .isInstanceOf(KeyFileException.class)
                .hasMessageContaining(file + ":1");
    }

    @Test
    void goodFileStillLoads() throws Exception {
        SshKeyPair good = SshKeys.generateEd25519(dir, "good");
        Path file = dir.resolve("authorized_keys");
        Files.write(file, List.of("# comment", good.publicKeyLine()));

        assertThat(AuthorizedKeys.read(file)).isNotNull();
    }
}
