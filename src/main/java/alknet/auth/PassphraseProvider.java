package alknet.auth;

import alknet.api.KeyPassphrase;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.session.SessionContext;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * MINA's {@link FilePasswordProvider} over a {@link KeyPassphrase}, for one key file. MINA only asks when the key is
 * encrypted. It remembers what happened, so that a failed load can say why: no passphrase available, a problem with
 * the passphrase file, or a wrong passphrase.
 */
final class PassphraseProvider implements FilePasswordProvider {
    static final int PROMPT_ATTEMPTS = 3;

    private final Path keyFile;
    private final KeyPassphrase source;
    private boolean asked;
    private boolean wrong;
    private KeyFileException problem;

    PassphraseProvider(Path keyFile, KeyPassphrase source) {
        this.keyFile = keyFile;
        this.source = source;
    }

    /** Null (MINA then fails the load) when there is none; {@link #failure} tells why. */
    @Override
    public String getPassword(SessionContext session, NamedResource resourceKey, int retryIndex) {
        asked = true;
        try {
            if (source instanceof KeyPassphrase.FromFile f) {
                return readFile(f.file());
            }
            return source instanceof KeyPassphrase.Prompt p ? prompt(p) : null;
        } catch (KeyFileException e) {
            problem = e;
            return null;
        }
    }

    @Override
    public ResourceDecodeResult handleDecodeAttemptResult(SessionContext session, NamedResource resourceKey,
            int retryIndex, String password, Exception err) {
        if (err == null) {
            return ResourceDecodeResult.TERMINATE; // success; ignored
        }
        wrong = true;
        if (source instanceof KeyPassphrase.Prompt p && retryIndex + 1 < PROMPT_ATTEMPTS) {
            p.console().printf("Wrong passphrase, try again.%n");
            return ResourceDecodeResult.RETRY;
        }
        return ResourceDecodeResult.TERMINATE;
    }

    /** The error for a load that failed with {@code cause}, or null when the passphrase was not the problem. */
    KeyFileException failure(Exception cause) {
        if (problem != null) {
            return problem;
        }
        if (wrong) {
            String from = source instanceof KeyPassphrase.FromFile f ? "read from " + f.file() : PROMPT_ATTEMPTS + " attempts";
            return new KeyFileException(keyFile + ": wrong passphrase (" + from + ")", cause);
        }
        if (asked && source instanceof KeyPassphrase.NotAvailable n) {
            return new KeyFileException(keyFile + " is protected by a passphrase; "
                    + n.howToSupply().replace("KEYFILE", keyFile.toString()), cause);
        }
        if (asked) {
            return new KeyFileException(keyFile + " is protected by a passphrase, and none was entered", cause);
        }
        return null;
    }

    private String prompt(KeyPassphrase.Prompt p) {
        char[] typed = p.console().readPassword("Enter passphrase for key '%s': ", keyFile);
        return typed == null || typed.length == 0 ? null : new String(typed);
    }

    private static String readFile(Path file) {
        PrivateFilePermissions.require(file, "passphrase file");
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new KeyFileException("cannot read passphrase file " + file + ": " + KeyFileReasons.of(e), e);
        }
        String passphrase = text.endsWith("\r\n") ? text.substring(0, text.length() - 2)
                : text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        if (passphrase.isEmpty()) {
            throw new KeyFileException("passphrase file " + file + " is empty; write the key's passphrase into it");
        }
        return passphrase;
    }
}
