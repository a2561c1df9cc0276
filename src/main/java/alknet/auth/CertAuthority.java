package alknet.auth;

import java.security.PublicKey;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A configured user-certificate CA (20-auth-config.md sections 1-2): a certificate it signed logs in with these
 * scopes and resources, plus {@code principal:<name>}. The CA key itself is not a login key. {@code options} are
 * those of its {@code cert-authority} line ({@code principals=}, {@code from=}, {@code restrict}, ...).
 */
public record CertAuthority(PublicKey key, String fingerprint, List<String> scopes, Map<String, List<String>> resources,
                            KeyOptions options) {
    public CertAuthority {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(options, "options");
        scopes = List.copyOf(scopes);
        resources = Map.copyOf(resources);
    }

    public CertAuthority(PublicKey key, String fingerprint, List<String> scopes, Map<String, List<String>> resources) {
        this(key, fingerprint, scopes, resources, KeyOptions.NONE);
    }

    public static CertAuthority of(PublicKey key, List<String> scopes, Map<String, List<String>> resources) {
        return new CertAuthority(key, KeyFingerprint.of(key), scopes, resources);
    }
}
