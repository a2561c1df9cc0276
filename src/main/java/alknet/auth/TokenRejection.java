package alknet.auth;

/**
 * Why a token was refused (20-auth-config.md section 3). {@link #reason()} goes in logs, {@link #httpStatus()}
 * is what the HTTP layer answers: 401 for a token that proves nothing, 403 for a valid token asking too much.
 */
public enum TokenRejection {
    MALFORMED("malformed", 401),
    UNKNOWN_KID("unknown-kid", 401),
    BAD_SIGNATURE("bad-signature", 401),
    EXPIRED("expired", 401),
    FUTURE_DATED("future-dated", 401),
    /** {@code exp - iat} is longer than {@code max_token_age}. */
    LIFETIME("lifetime", 401),
    /** The token names another server in {@code aud}. */
    AUDIENCE("audience", 401),
    /** Tokens are not enabled in {@code [auth.token]}. */
    DISABLED("disabled", 401),
    /** The token's {@code scope} asks for a scope its key's identity does not hold. */
    MISSING_SCOPE("missing-scope", 403);

    private final String reason;
    private final int httpStatus;

    TokenRejection(String reason, int httpStatus) {
        this.reason = reason;
        this.httpStatus = httpStatus;
    }

    public String reason() {
        return reason;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
