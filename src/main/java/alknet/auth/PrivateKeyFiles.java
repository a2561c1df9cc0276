package alknet.auth;

import alknet.api.KeyPassphrase;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.util.security.SecurityUtils;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.Iterator;

/**
 * Reads and writes OpenSSH private key files (20-auth-config.md section 2). Every error names the file and the
 * reason; a key file open to group or others is refused as OpenSSH does; an encrypted key is decrypted with the
 * passphrase from a {@link KeyPassphrase}.
 */
public final class PrivateKeyFiles {
    private PrivateKeyFiles() {}

    /** An unencrypted key; an encrypted one fails naming the ways to give a passphrase. */
    public static KeyPair load(Path file) {
        return load(file, KeyPassphrase.IDENTITY_NOT_GIVEN);
    }

    public static KeyPair load(Path file, KeyPassphrase passphrase) {
        PrivateFilePermissions.require(file, "private key file");
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new KeyFileException("key file " + file + " does not exist; create one with: ssh-keygen -t ed25519 -f " + file);
        } catch (IOException e) {
            throw new KeyFileException("cannot read key file " + file + ": " + KeyFileReasons.of(e), e);
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (!text.contains("-----BEGIN OPENSSH PRIVATE KEY-----")) {
            if (text.contains("-----BEGIN ")) {
                throw new KeyFileException(file + ": PEM keys are not supported; convert with ssh-keygen -p -f " + file);
            }
            throw new KeyFileException(file + ": not an OpenSSH private key; create one with: ssh-keygen -t ed25519 -f " + file);
        }
        PassphraseProvider passwords = new PassphraseProvider(file, passphrase);
        try {
            Iterable<KeyPair> pairs = SecurityUtils.loadKeyPairIdentities(null, file::toString,
                    new ByteArrayInputStream(bytes), passwords);
            Iterator<KeyPair> it = pairs == null ? null : pairs.iterator();
            if (it == null || !it.hasNext()) {
                throw new KeyFileException(file + ": no key found in the file");
            }
            return it.next();
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            if (e instanceof KeyFileException k) {
                throw k;
            }
            KeyFileException passphraseProblem = passwords.failure(e);
            if (passphraseProblem != null) {
                throw passphraseProblem;
            }
            throw new KeyFileException(file + ": cannot load the key: " + e.getMessage(), e);
        }
    }

    /** The host key: loaded, or generated there (with FILE.pub) when absent; it must not be encrypted. */
    public static KeyPair loadOrGenerate(Path file) {
        if (!Files.exists(file)) {
            generateEd25519(file);
        }
        return load(file, KeyPassphrase.HOST_KEY);
    }

    /** Writes a new Ed25519 key, readable by its owner only from the moment it exists, and FILE.pub beside it. */
    public static KeyPair generateEd25519(Path file) {
        try {
            KeyPair pair = KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
            Path dir = file.toAbsolutePath().getParent();
            if (dir != null) {
                Files.createDirectories(dir);
            }
            try (OutputStream out = Files.newOutputStream(createOwnerOnly(file))) {
                OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(pair, "alknet", null, out);
            }
            Files.writeString(file.resolveSibling(file.getFileName() + ".pub"), publicKeyLine(pair, "alknet") + "\n");
            return pair;
        } catch (IOException | GeneralSecurityException e) {
            throw new KeyFileException("cannot write key file " + file + ": " + (e instanceof IOException io
                    ? KeyFileReasons.of(io) : e.getMessage()), e);
        }
    }

    public static String publicKeyLine(KeyPair pair, String comment) {
        return PublicKeyEntry.toString(pair.getPublic()) + (comment == null ? "" : " " + comment);
    }

    /** Creates the file with mode 0600 (an existing one is tightened to it), so no other user can ever open it. */
    private static Path createOwnerOnly(Path file) throws IOException {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PrivateFilePermissions.OWNER_ONLY));
        } catch (FileAlreadyExistsException e) {
            Files.setPosixFilePermissions(file, PrivateFilePermissions.OWNER_ONLY);
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system: no modes to set.
        }
        return file;
    }
}
