package alknet.auth;

import alknet.config.ConfigException;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.util.security.SecurityUtils;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.Iterator;

/** Reads and writes OpenSSH private key files (20-auth-config.md section 2). */
public final class PrivateKeyFiles {
    private PrivateKeyFiles() {}

    public static KeyPair load(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException("key file " + file + " does not exist; create one with: ssh-keygen -t ed25519 -f " + file);
        } catch (IOException e) {
            throw new ConfigException("cannot read key file " + file + ": " + e.getMessage());
        }
        if (!text.contains("-----BEGIN OPENSSH PRIVATE KEY-----")) {
            if (text.contains("-----BEGIN ")) {
                throw new ConfigException(file + ": PEM keys are not supported; convert with ssh-keygen -p -f " + file);
            }
            throw new ConfigException(file + ": not an OpenSSH private key; create one with: ssh-keygen -t ed25519 -f " + file);
        }
        try {
            Iterable<KeyPair> pairs = SecurityUtils.loadKeyPairIdentities(null, () -> file.toString(), Files.newInputStream(file), null);
            Iterator<KeyPair> it = pairs == null ? null : pairs.iterator();
            if (it == null || !it.hasNext()) {
                throw new ConfigException(file + ": no key found in the file");
            }
            return it.next();
        } catch (IOException | GeneralSecurityException e) {
            String hint = String.valueOf(e.getMessage()).toLowerCase().contains("password")
                    ? "; passphrase-protected keys are not supported yet, remove it with ssh-keygen -p -f " + file : "";
            throw new ConfigException(file + ": cannot load the key: " + e.getMessage() + hint, e);
        }
    }

    /** Loads the key, or generates an Ed25519 key there (and FILE.pub) when the file does not exist yet. */
    public static KeyPair loadOrGenerate(Path file) {
        if (!Files.exists(file)) {
            generateEd25519(file);
        }
        return load(file);
    }

    public static KeyPair generateEd25519(Path file) {
        try {
            KeyPair pair = KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
            Path dir = file.toAbsolutePath().getParent();
            if (dir != null) {
                Files.createDirectories(dir);
            }
            try (OutputStream out = Files.newOutputStream(file)) {
                OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(pair, "alknet", null, out);
            }
            restrictToOwner(file);
            Files.writeString(file.resolveSibling(file.getFileName() + ".pub"), publicKeyLine(pair, "alknet") + "\n");
            return pair;
        } catch (IOException | GeneralSecurityException e) {
            throw new ConfigException("cannot write key file " + file + ": " + e.getMessage(), e);
        }
    }

    public static String publicKeyLine(KeyPair pair, String comment) {
        return PublicKeyEntry.toString(pair.getPublic()) + (comment == null ? "" : " " + comment);
    }

    private static void restrictToOwner(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException ignored) {
            // Not a POSIX file system: nothing to tighten.
        }
    }
}
