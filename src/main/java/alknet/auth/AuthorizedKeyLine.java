package alknet.auth;

import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;

import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.ZoneId;
import java.util.Map;

/**
 * Splits one authorized_keys line into its options field and key as sshd does: a line that does not start with a
 * key type starts with options, which end at the first space or tab outside double quotes.
 */
final class AuthorizedKeyLine {
    private static final int MIN_RSA_BITS = 2048;

    private AuthorizedKeyLine() {}

    static AuthorizedKey parse(String where, String line, ZoneId zone) {
        String options = "";
        String keyPart = line;
        if (!startsWithKeyType(line)) {
            int end = endOfOptions(line);
            options = line.substring(0, end);
            keyPart = line.substring(end).strip();
            if (keyPart.isEmpty()) {
                if (options.indexOf('"') >= 0) {
                    KeyOptionsParser.parse(where, options, zone); // an unclosed quote swallowed the key: say that
                }
                throw new KeyFileException(where + ": not an authorized_keys line; expected"
                        + " 'ssh-ed25519 AAAA... comment', optionally preceded by options");
            }
            if (!options.contains("=") && !options.contains(",") && keyPart.startsWith("AAAA")) {
                throw unsupportedType(where, options);
            }
        }
        KeyOptions parsed = options.isEmpty() ? KeyOptions.NONE : KeyOptionsParser.parse(where, options, zone);
        PublicKey key = key(where, keyPart);
        return new AuthorizedKey(key, KeyFingerprint.of(key), parsed, where);
    }

    static boolean startsWithKeyType(String line) {
        int space = firstWhitespace(line, 0);
        return KeyUtils.getPublicKeyEntryDecoder(line.substring(0, space < 0 ? line.length() : space)) != null;
    }

    private static PublicKey key(String where, String keyPart) {
        if (!startsWithKeyType(keyPart)) {
            int space = firstWhitespace(keyPart, 0);
            throw new KeyFileException(where + ": '" + keyPart.substring(0, space < 0 ? keyPart.length() : space)
                    + "' after the options is not a key type; separate options with commas and no spaces");
        }
        PublicKey key;
        try {
            key = PublicKeyEntry.parsePublicKeyEntry(keyPart).resolvePublicKey(null, Map.of(), PublicKeyEntryResolver.FAILING);
        } catch (Exception | Error e) {
            throw new KeyFileException(where + ": not an authorized_keys line (" + e.getMessage()
                    + "); expected 'ssh-ed25519 AAAA... comment', optionally preceded by options");
        }
        if (key == null) {
            throw unsupportedType(where, keyPart.split("\\s+", 2)[0]);
        }
        if (key instanceof RSAPublicKey rsa && rsa.getModulus().bitLength() < MIN_RSA_BITS) {
            throw new KeyFileException(where + ": RSA key of " + rsa.getModulus().bitLength()
                    + " bits is too weak; use ed25519 or RSA of at least 2048 bits");
        }
        return key;
    }

    private static KeyFileException unsupportedType(String where, String type) {
        return new KeyFileException(where + ": unsupported key type '" + type
                + "'; use ssh-ed25519, ecdsa-sha2-* or ssh-rsa (>= 2048 bits)");
    }

    /** The end of the options field: the first space or tab outside double quotes ({@code \"} stays inside). */
    private static int endOfOptions(String line) {
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted && c == '\\' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && (c == ' ' || c == '\t')) {
                return i;
            }
        }
        return line.length();
    }

    private static int firstWhitespace(String s, int from) {
        for (int i = from; i < s.length(); i++) {
            if (s.charAt(i) == ' ' || s.charAt(i) == '\t') {
                return i;
            }
        }
        return -1;
    }
}
