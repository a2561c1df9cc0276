package alknet.auth;

import java.security.PublicKey;
import java.util.Objects;

/** One line of an authorized_keys file: the key, its options, and {@code where} (FILE:LINE) for messages. */
public record AuthorizedKey(PublicKey key, String fingerprint, KeyOptions options, String where) {
    public AuthorizedKey {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(where, "where");
    }

    /** The same key and options, compared without {@code where}, which moves when other lines do. */
    boolean sameEntryAs(AuthorizedKey other) {
        return fingerprint.equals(other.fingerprint) && options.equals(other.options);
    }
}
