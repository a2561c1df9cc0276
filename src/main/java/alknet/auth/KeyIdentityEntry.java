package alknet.auth;

import java.security.PublicKey;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** One {@code [[auth.identities]]} entry: the scopes and resources of one key (20-auth-config.md section 5). */
public record KeyIdentityEntry(PublicKey key, String fingerprint, List<String> scopes, Map<String, List<String>> resources) {
    public KeyIdentityEntry {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(fingerprint, "fingerprint");
        scopes = List.copyOf(scopes);
        resources = Map.copyOf(resources);
    }

    public static KeyIdentityEntry of(PublicKey key, List<String> scopes, Map<String, List<String>> resources) {
        return new KeyIdentityEntry(key, KeyFingerprint.of(key), scopes, resources);
    }
}
