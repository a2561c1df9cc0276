package alknet.auth;

import org.apache.sshd.common.config.keys.KeyUtils;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The keys allowed to log in, parsed from an OpenSSH {@code authorized_keys} file (20-auth-config.md section 2),
 * each line with its options ({@link KeyOptions}). A line that does not parse, or carries an option alknet does not
 * honour, rejects the whole file with file and line number in the message.
 * <p>
 * A key may appear on several lines: as in sshd, the lines are tried top to bottom and the first whose login
 * conditions hold decides the session's restrictions ({@link AuthConfig#checkKey}).
 */
public final class AuthorizedKeys {
    public static final AuthorizedKeys EMPTY = new AuthorizedKeys(List.of());
    private static final String CA_OPTION = "cert-authority";

    private final List<AuthorizedKey> lines;
    private final Map<String, List<AuthorizedKey>> plainByFingerprint = new LinkedHashMap<>();
    private final List<AuthorizedKey> certAuthorityLines = new ArrayList<>();

    private AuthorizedKeys(List<AuthorizedKey> lines) {
        this.lines = List.copyOf(lines);
        for (AuthorizedKey line : this.lines) {
            if (line.options().certAuthority()) {
                certAuthorityLines.add(line);
            } else {
                plainByFingerprint.computeIfAbsent(line.fingerprint(), fp -> new ArrayList<>()).add(line);
            }
        }
    }

    public static AuthorizedKeys read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new KeyFileException("cannot read authorized keys file " + file + ": " + KeyFileReasons.of(e)
                    + " (check the path given to --authorized-keys)", e);
        }
        return parse(file.toString(), lines);
    }

    /** {@code expiry-time} without a Z suffix is read in the system's time zone, as sshd does. */
    public static AuthorizedKeys parse(String source, List<String> lines) {
        return parse(source, lines, ZoneId.systemDefault());
    }

    public static AuthorizedKeys parse(String source, List<String> lines, ZoneId zone) {
        List<AuthorizedKey> parsed = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (!line.isEmpty() && !line.startsWith("#")) {
                parsed.add(AuthorizedKeyLine.parse(source + ":" + (i + 1), line, zone));
            }
        }
        return new AuthorizedKeys(parsed);
    }

    /**
     * A line of a CA file ({@code --cert-authority}, {@code [auth] cert_authorities}) as an authorized_keys line:
     * a plain public key gets the {@code cert-authority} option, a line with options gets it added to them.
     */
    public static String asCertAuthorityLine(String line) {
        String t = line.strip();
        if (t.isEmpty() || t.startsWith("#")) {
            return line;
        }
        return AuthorizedKeyLine.startsWithKeyType(t) ? CA_OPTION + " " + t : CA_OPTION + "," + t;
    }

    public Optional<PublicKey> byFingerprint(String fingerprint) {
        return Optional.ofNullable(plainByFingerprint.get(fingerprint)).map(l -> l.get(0).key());
    }

    /** True when exactly this key (type and bits) is on some plain line, whatever its options. */
    public boolean allows(PublicKey key) {
        return !lines(key).isEmpty();
    }

    /** The plain (non-CA) lines of exactly this key, in file order. */
    public List<AuthorizedKey> lines(PublicKey key) {
        List<AuthorizedKey> found = plainByFingerprint.getOrDefault(KeyFingerprint.of(key), List.of());
        return found.isEmpty() || !KeyUtils.compareKeys(found.get(0).key(), key) ? List.of() : List.copyOf(found);
    }

    /** Every plain (non-CA) key, once. */
    public Collection<PublicKey> keys() {
        return plainByFingerprint.values().stream().map(l -> l.get(0).key()).toList();
    }

    /**
     * Plain keys that may sign tokens: those with a line without {@code from=}, {@code expiry-time=} or
     * {@code command=} (a token carries no client address and is no login, so such a line could not be honoured).
     */
    public Collection<PublicKey> tokenSigningKeys() {
        return plainByFingerprint.values().stream()
                .filter(l -> l.stream().anyMatch(line -> !line.options().hasLoginConditions()))
                .map(l -> l.get(0).key()).toList();
    }

    /** CA keys by fingerprint, once each. */
    public Map<String, PublicKey> certAuthorities() {
        Map<String, PublicKey> cas = new LinkedHashMap<>();
        certAuthorityLines.forEach(line -> cas.putIfAbsent(line.fingerprint(), line.key()));
        return cas;
    }

    /** The {@code cert-authority} lines with their options, in file order. */
    public List<AuthorizedKey> certAuthorityLines() {
        return List.copyOf(certAuthorityLines);
    }

    public int size() {
        return plainByFingerprint.size();
    }

    /** Same keys with the same options in the same order (line numbers aside): what a reload compares. */
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof AuthorizedKeys other) || other.lines.size() != lines.size()) {
            return false;
        }
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).sameEntryAs(other.lines.get(i))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return lines.stream().mapToInt(l -> l.fingerprint().hashCode() * 31 + l.options().hashCode()).sum();
    }
}
