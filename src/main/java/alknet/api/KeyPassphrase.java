package alknet.api;

import java.io.Console;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the passphrase of an encrypted OpenSSH private key comes from (20-auth-config.md section 2): a file (for
 * services), a prompt on the terminal, or nowhere, with the ways to supply one for the error message. Only asked
 * when the key is encrypted.
 */
public sealed interface KeyPassphrase {
    /** An identity key with neither a passphrase file nor a terminal. */
    KeyPassphrase IDENTITY_NOT_GIVEN = new NotAvailable("give the passphrase with --identity-passphrase-file FILE"
            + " (or env ALKNET_IDENTITY_PASSPHRASE_FILE), or run alknet on a terminal to be asked for it");
    /** A host key is read unattended; {@code KEYFILE} in the hint is replaced by the key's path. */
    KeyPassphrase HOST_KEY = new NotAvailable("a host key is read unattended, so it must not be encrypted;"
            + " remove the passphrase with: ssh-keygen -p -f KEYFILE");

    /** No passphrase can be had; {@code howToSupply} ends the error message. */
    record NotAvailable(String howToSupply) implements KeyPassphrase {
        public NotAvailable {
            Objects.requireNonNull(howToSupply, "howToSupply");
        }
    }

    /** The passphrase is the file's content (one trailing newline removed). */
    record FromFile(Path file) implements KeyPassphrase {
        public FromFile {
            Objects.requireNonNull(file, "file");
        }
    }

    /** Asks on the terminal, up to three times like ssh. */
    record Prompt(Console console) implements KeyPassphrase {
        public Prompt {
            Objects.requireNonNull(console, "console");
        }
    }

    /**
     * For a user's identity (connect, token): the passphrase file when one is named, else a prompt when there is a
     * terminal, else {@link #IDENTITY_NOT_GIVEN}.
     */
    static KeyPassphrase forIdentity(Path passphraseFile) {
        if (passphraseFile != null) {
            return new FromFile(passphraseFile);
        }
        Console console = System.console();
        return console != null ? new Prompt(console) : IDENTITY_NOT_GIVEN;
    }
}
