package alknet.auth;

import java.security.PublicKey;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * {@code [auth.token]} (20-auth-config.md section 3). {@code keys} empty = tokens are signed by authorized keys;
 * present = only these keys sign tokens. {@code audience} is the server name a token's {@code aud} must equal
 * when the token carries one.
 */
public record TokenSettings(boolean enabled, Duration maxTokenAge, Optional<List<PublicKey>> keys, Optional<String> audience) {
    public static final Duration DEFAULT_MAX_TOKEN_AGE = Duration.ofSeconds(300);
    /** Tokens are off until configured: only the admin API and raw WebSocket framing use them. */
    public static final TokenSettings DISABLED = new TokenSettings(false, DEFAULT_MAX_TOKEN_AGE, Optional.empty(), Optional.empty());
    public static final TokenSettings ENABLED = new TokenSettings(true, DEFAULT_MAX_TOKEN_AGE, Optional.empty(), Optional.empty());

    public TokenSettings {
        if (maxTokenAge == null || maxTokenAge.isNegative() || maxTokenAge.isZero()) {
            throw new IllegalArgumentException("auth.token.max_token_age must be positive, was " + maxTokenAge);
        }
        keys = keys.map(List::copyOf);
    }

    public TokenSettings withMaxTokenAge(Duration age) {
        return new TokenSettings(enabled, age, keys, audience);
    }

    public TokenSettings withKeys(List<PublicKey> tokenKeys) {
        return new TokenSettings(enabled, maxTokenAge, Optional.of(tokenKeys), audience);
    }

    public TokenSettings withAudience(String name) {
        return new TokenSettings(enabled, maxTokenAge, keys, Optional.ofNullable(name));
    }
}
