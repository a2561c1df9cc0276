package alknet.auth;

import alknet.config.ConfigException;
import org.apache.sshd.common.config.keys.AuthorizedKeyEntry;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The keys allowed to log in, parsed from an OpenSSH {@code authorized_keys} file (20-auth-config.md section 2).
 * A line that does not parse rejects the whole file, with file and line number in the message.
 */
public final class AuthorizedKeys {
    public static final AuthorizedKeys EMPTY = new AuthorizedKeys(Map.of(), Map.of());
    private static final int MIN_RSA_BITS = 2048;

    private final Map<String, PublicKey> keys;
    private final Map<String, PublicKey> certAuthorities;

    private AuthorizedKeys(Map<String, PublicKey> keys, Map<String, PublicKey> certAuthorities) {
        this.keys = Map.copyOf(keys);
        this.certAuthorities = Map.copyOf(certAuthorities);
    }

    public static AuthorizedKeys read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException("cannot read authorized keys file " + file + ": " + e.getMessage()
                    + " (check the path given to --authorized-keys)", e);
        }
        return parse(file.toString(), lines);
    }

    public static AuthorizedKeys parse(String source, List<String> lines) {
        Map<String, PublicKey> keys = new LinkedHashMap<>();
        Map<String, PublicKey> cas = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String where = source + ":" + (i + 1);
            PublicKey key = parseLine(where, line, cas);
            if (key != null) {
                keys.put(KeyFingerprint.of(key), key);
            }
        }
        return new AuthorizedKeys(keys, cas);
    }

    private static PublicKey parseLine(String where, String line, Map<String, PublicKey> cas) {
        AuthorizedKeyEntry entry;
        PublicKey key;
        try {
            entry = AuthorizedKeyEntry.parseAuthorizedKeyEntry(line);
            key = entry == null ? null : entry.resolvePublicKey(null, PublicKeyEntryResolver.FAILING);
        } catch (Exception | Error e) {
            throw new ConfigException(where + ": not an authorized_keys line (" + e.getMessage()
                    + "); expected 'ssh-ed25519 AAAA... comment', optionally preceded by options");
        }
        if (key == null) {
            throw new ConfigException(where + ": unsupported key type; use ssh-ed25519, ecdsa-sha2-* or ssh-rsa (>= 2048 bits)");
        }
        if (key instanceof RSAPublicKey rsa && rsa.getModulus().bitLength() < MIN_RSA_BITS) {
            throw new ConfigException(where + ": RSA key of " + rsa.getModulus().bitLength()
                    + " bits is too weak; use ed25519 or RSA of at least 2048 bits");
        }
        if (entry.getLoginOptions().containsKey("cert-authority")) {
            cas.put(KeyFingerprint.of(key), key);
            return null;
        }
        return key;
    }

    public Optional<PublicKey> byFingerprint(String fingerprint) {
        return Optional.ofNullable(keys.get(fingerprint));
    }

    /** True when exactly this key (type and bits) is authorized. */
    public boolean allows(PublicKey key) {
        PublicKey known = keys.get(KeyFingerprint.of(key));
        return known != null && KeyUtils.compareKeys(known, key);
    }

    /** Every plain (non-CA) key. */
    public Collection<PublicKey> keys() {
        return keys.values();
    }

    public Map<String, PublicKey> certAuthorities() {
        return certAuthorities;
    }

    public int size() {
        return keys.size();
    }
}
