package alknet.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where a command finds the user's private key (10-tunnel.md section 5, {@code --identity}). */
final class IdentityFiles {
    private IdentityFiles() {}

    /** The explicit file, else {@code ~/.alknet/id_ed25519}, else {@code ~/.ssh/id_ed25519}; a usage error if none exists. */
    static Path resolve(Path explicit) {
        if (explicit != null) {
            return explicit;
        }
        Path home = Path.of(System.getProperty("user.home"));
        Path alknet = home.resolve(".alknet/id_ed25519");
        Path ssh = home.resolve(".ssh/id_ed25519");
        if (Files.exists(alknet)) {
            return alknet;
        }
        if (Files.exists(ssh)) {
            return ssh;
        }
        throw new IllegalArgumentException("no identity key: pass --identity FILE, or create one with ssh-keygen -t ed25519 -f " + alknet);
    }
}
