package alknet.cli;

import alknet.api.KeyPassphrase;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where a command finds the user's private key and its passphrase (10-tunnel.md section 5, {@code --identity}). */
final class IdentityFiles {
    /** The flag (and, through its default, env ALKNET_IDENTITY_PASSPHRASE_FILE) naming a passphrase file. */
    static final String PASSPHRASE_FILE_HELP = "File holding the passphrase of an encrypted --identity (env"
            + " ALKNET_IDENTITY_PASSPHRASE_FILE; chmod 600). Without it an encrypted key is asked for on the terminal.";

    private IdentityFiles() {}

    /** The passphrase file when given, else a prompt on a terminal, else none (the error then names both ways). */
    static KeyPassphrase passphrase(Path passphraseFile) {
        return KeyPassphrase.forIdentity(passphraseFile);
    }

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
