package alknet.auth;

import alknet.api.Identity;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Verifies tokens (20-auth-config.md section 3): JWS compact with EdDSA, or the reference's compact form. The
 * result is the same identity as an SSH login with the signing key, narrowed by {@code scope}. Never throws for
 * bad input and never puts the token into a message: every failure is a {@link TokenRejection}.
 */
public final class TokenVerifier {
    public static final Duration CLOCK_SKEW = Duration.ofSeconds(60);
    /** Far above any real token; longer input is refused before any decoding. */
    static final int MAX_TOKEN_LENGTH = 8192;

    private final Clock clock;

    public TokenVerifier(Clock clock) {
        this.clock = clock;
    }

    public TokenCheck verify(String token, AuthConfig config) {
        if (!config.tokens().enabled()) {
            return TokenCheck.rejected(TokenRejection.DISABLED);
        }
        if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
            return TokenCheck.rejected(TokenRejection.MALFORMED);
        }
        try {
            return CompactToken.looksCompact(token)
                    ? CompactToken.verify(token, config, clock.instant())
                    : verifyJws(token, config);
        } catch (RuntimeException e) {
            // Unreadable JSON, base64 or key material: the cause may quote the input, so it is dropped.
            return TokenCheck.rejected(TokenRejection.MALFORMED);
        }
    }

    private TokenCheck verifyJws(String token, AuthConfig config) {
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            return TokenCheck.rejected(TokenRejection.MALFORMED);
        }
        JsonObject header = json(parts[0]);
        JsonObject claims = json(parts[1]);
        byte[] signature = Base64.getUrlDecoder().decode(parts[2]);
        if (header == null || claims == null || !TokenIssuer.ALGORITHM.equals(header.getValue("alg"))
                || header.containsKey("crit") || !(header.getValue("kid") instanceof String kid)) {
            return TokenCheck.rejected(TokenRejection.MALFORMED);
        }
        Optional<byte[]> rawKey = config.tokenKeys().rawKey(kid);
        if (rawKey.isEmpty()) {
            return TokenCheck.rejected(TokenRejection.UNKNOWN_KID);
        }
        byte[] signingInput = (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII);
        if (!Ed25519Keys.verify(rawKey.get(), signingInput, signature)) {
            return TokenCheck.rejected(TokenRejection.BAD_SIGNATURE);
        }
        TokenRejection timing = timingProblem(claims, config.tokens());
        if (timing != null) {
            return TokenCheck.rejected(timing);
        }
        if (!audienceMatches(claims.getValue("aud"), config.tokens())) {
            return TokenCheck.rejected(TokenRejection.AUDIENCE);
        }
        return narrow(config.identityOf(kid), claims.getValue("scope"));
    }

    private TokenRejection timingProblem(JsonObject claims, TokenSettings settings) {
        if (!(claims.getValue("iat") instanceof Number iatValue) || !(claims.getValue("exp") instanceof Number expValue)
                || !isWhole(iatValue) || !isWhole(expValue)) {
            return TokenRejection.MALFORMED;
        }
        long iat = iatValue.longValue();
        long exp = expValue.longValue();
        long now = clock.instant().getEpochSecond();
        long skew = CLOCK_SKEW.toSeconds();
        if (exp <= iat) {
            return TokenRejection.MALFORMED;
        }
        if (exp - iat > settings.maxTokenAge().toSeconds()) {
            return TokenRejection.LIFETIME;
        }
        if (iat > now + skew) {
            return TokenRejection.FUTURE_DATED;
        }
        if (now >= exp + skew) {
            return TokenRejection.EXPIRED;
        }
        return null;
    }

    private static boolean isWhole(Number n) {
        // Integer or Long only: huge or fractional values are not NumericDates we issue or accept.
        return n instanceof Integer || n instanceof Long;
    }

    private static boolean audienceMatches(Object aud, TokenSettings settings) {
        if (aud == null || settings.audience().isEmpty()) {
            return true;
        }
        String expected = settings.audience().get();
        if (aud instanceof String name) {
            return name.equals(expected);
        }
        return aud instanceof JsonArray names && names.contains(expected);
    }

    private static TokenCheck narrow(Identity identity, Object scopeClaim) {
        if (scopeClaim == null) {
            return new TokenCheck.Accepted(identity);
        }
        if (!(scopeClaim instanceof String scopeText)) {
            return TokenCheck.rejected(TokenRejection.MALFORMED);
        }
        List<String> requested = new ArrayList<>();
        for (String scope : scopeText.split(" ")) {
            if (scope.isEmpty() || requested.contains(scope)) {
                continue;
            }
            if (!identity.hasScope(scope)) {
                return TokenCheck.rejected(TokenRejection.MISSING_SCOPE);
            }
            requested.add(scope);
        }
        return new TokenCheck.Accepted(new Identity(identity.id(), requested, identity.resources()));
    }

    /** A base64url JSON object, or null. */
    private static JsonObject json(String part) {
        byte[] bytes = Base64.getUrlDecoder().decode(part);
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (!text.startsWith("{")) {
            return null;
        }
        return new JsonObject(text);
    }
}
