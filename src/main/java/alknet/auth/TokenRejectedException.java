package alknet.auth;

/** A refused token, for Vert.x failure paths. The message holds the reason only, never the token. */
public final class TokenRejectedException extends RuntimeException {
    private final TokenRejection rejection;

    public TokenRejectedException(TokenRejection rejection) {
        super("token rejected reason=" + rejection.reason(), null, false, false);
        this.rejection = rejection;
    }

    public TokenRejection rejection() {
        return rejection;
    }
}
