package alknet.auth;

import alknet.testsupport.ExternalCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * 20-auth-config.md section 2: private keys must be OpenSSH format. A PEM or PKCS#8 file gets exactly
 * "PEM keys are not supported; convert with ssh-keygen -p -f FILE" (and that advice really works);
 * a missing file gets an error that names the file and how to create it.
 */
class PrivateKeyFilesErrorsTest {
    private static final Duration TOOL_TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void pemEcdsaKeyGetsTheSpecifiedErrorAndTheAdviceWorks() {
        Path pem = dir.resolve("ecdsa_pem");
        ExternalCommand.run(TOOL_TIMEOUT, "ssh-keygen", "-q", "-t", "ecdsa", "-m", "PEM", "-N", "", "-f", pem.toString())
                .requireSuccess();
        assertThat(read(pem)).startsWith("-----BEGIN EC PRIVATE KEY-----");

        assertThatThrownBy(() -> PrivateKeyFiles.load(pem))
                .isInstanceOf(KeyFileException.class)
                .hasMessageContaining("PEM keys are not supported; convert with ssh-keygen -p -f " + pem);

        // the advice in the message converts the file (ssh-keygen -p rewrites it in OpenSSH format)
        ExternalCommand.run(TOOL_TIMEOUT, "ssh-keygen", "-q", "-p", "-P", "", "-N", "", "-f", pem.toString())
                .requireSuccess();
        assertThat(read(pem)).startsWith("-----BEGIN OPENSSH PRIVATE KEY-----");
        KeyPair loaded = PrivateKeyFiles.load(pem);
        assertThat(loaded.getPrivate().getAlgorithm()).isIn("EC", "ECDSA");
    }

    @Test
    void pkcs8Ed25519KeyGetsTheSpecifiedError() {
        Path pkcs8 = dir.resolve("ed25519_pkcs8.pem");
        ExternalCommand.run(TOOL_TIMEOUT, "openssl", "genpkey", "-algorithm", "ed25519", "-out", pkcs8.toString())
                .requireSuccess();
        assertThat(read(pkcs8)).startsWith("-----BEGIN PRIVATE KEY-----");

        assertThatThrownBy(() -> PrivateKeyFiles.load(pkcs8))
                .isInstanceOf(KeyFileException.class)
                .hasMessageContaining("PEM keys are not supported; convert with ssh-keygen -p -f " + pkcs8);
    }

    @Test
    void pemRsaKeyGetsTheSpecifiedError() {
        Path pem = dir.resolve("rsa_pem");
        ExternalCommand.run(TOOL_TIMEOUT, "ssh-keygen", "-q", "-t", "rsa", "-b", "2048", "-m", "PEM", "-N", "",
                "-f", pem.toString()).requireSuccess();
        assertThat(read(pem)).startsWith("-----BEGIN RSA PRIVATE KEY-----");

        assertThatThrownBy(() -> PrivateKeyFiles.load(pem))
                .isInstanceOf(KeyFileException.class)
                .hasMessageContaining("PEM keys are not supported; convert with ssh-keygen -p -f " + pem);
    }

    @Test
    void missingKeyFileNamesTheFileAndTheFix() {
        Path missing = dir.resolve("no_such_key");

        assertThatThrownBy(() -> PrivateKeyFiles.load(missing))
                .isInstanceOf(KeyFileException.class)
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("ssh-keygen -t ed25519 -f " + missing);
        assertThat(missing).doesNotExist();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
