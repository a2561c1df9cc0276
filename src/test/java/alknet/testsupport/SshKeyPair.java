package alknet.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An OpenSSH key pair on disk as ssh-keygen wrote it, with its fingerprint ("SHA256:...", exactly
 * as {@code ssh-keygen -lf} prints it, which is also the alknet identity id).
 */
public record SshKeyPair(Path privateKey, Path publicKey, String fingerprint) {
    /** The public key file's single line, e.g. {@code ssh-ed25519 AAAA... comment}. */
    public String publicKeyLine() {
        try {
            return Files.readString(publicKey).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where {@code ssh-keygen -s} puts this key's certificate: {@code <name>-cert.pub}. */
    public Path certificateFile() {
        String name = publicKey.getFileName().toString();
        return publicKey.resolveSibling(name.substring(0, name.length() - ".pub".length()) + "-cert.pub");
    }
}
