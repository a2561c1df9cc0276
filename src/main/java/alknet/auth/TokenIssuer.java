package alknet.auth;

import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

/**
 * Mints JWS compact tokens signed by an SSH Ed25519 key (20-auth-config.md section 3): header {@code alg=EdDSA},
 * {@code kid} = the key's {@code SHA256:} fingerprint; claims {@code iat}, {@code exp}, optional {@code aud}
 * and {@code scope} (space-separated, narrows the identity).
 */
public final class TokenIssuer {
    public static final Duration DEFAULT_TTL = TokenSettings.DEFAULT_MAX_TOKEN_AGE;
    static final String ALGORITHM = "EdDSA";

    private final KeyPair key;
    private final String keyId;
    private final Clock clock;

    /** @throws IllegalArgumentException when the key is not Ed25519 (EdDSA is the only token algorithm) */
    public TokenIssuer(KeyPair ed25519, Clock clock) {
        Ed25519Keys.raw(ed25519.getPublic());
        this.key = ed25519;
        this.keyId = KeyFingerprint.of(ed25519.getPublic());
        this.clock = clock;
    }

    public String keyId() {
        return keyId;
    }

    public String issue(Duration ttl) {
        return issue(ttl, null, null);
    }

    /**
     * @param scopes   the scopes to narrow to, or null for the key's full identity
     * @param audience the server name for {@code aud}, or null for none
     */
    public String issue(Duration ttl, List<String> scopes, String audience) {
        if (ttl == null || ttl.toSeconds() <= 0) {
            throw new IllegalArgumentException("token lifetime must be at least 1 second, was " + ttl);
        }
        long now = clock.instant().getEpochSecond();
        JsonObject header = new JsonObject().put("alg", ALGORITHM).put("typ", "JWT").put("kid", keyId);
        JsonObject claims = new JsonObject().put("iat", now).put("exp", now + ttl.toSeconds());
        if (audience != null && !audience.isBlank()) {
            claims.put("aud", audience);
        }
        if (scopes != null) {
            for (String scope : scopes) {
                if (scope.isEmpty() || scope.chars().anyMatch(Character::isWhitespace)) {
                    throw new IllegalArgumentException("scope names cannot be empty or contain spaces: '" + scope + "'");
                }
            }
            claims.put("scope", String.join(" ", scopes));
        }
        String signingInput = base64Url(header.encode()) + "." + base64Url(claims.encode());
        byte[] signature = Ed25519Keys.sign(key, signingInput.getBytes(StandardCharsets.US_ASCII));
        return signingInput + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
    }

    private static String base64Url(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
