package alknet.call.raw;

import alknet.auth.AuthConfig;
import alknet.api.Identity;
import alknet.auth.TokenCheck;
import alknet.auth.TokenVerifier;
import alknet.api.CallErrorCode;
import alknet.api.CallFailure;
import alknet.stream.TransportInfo;
import io.vertx.core.Future;

import java.util.function.Supplier;

/**
 * Tokens checked by {@link TokenVerifier} against the current auth configuration (read per attempt, so a reload
 * applies to the next connection). A refusal is {@code ACCESS_DENIED} naming the reason only.
 */
public final class VerifiedTokenAuthenticator implements TokenAuthenticator {
    private final TokenVerifier verifier;
    private final Supplier<AuthConfig> config;

    public VerifiedTokenAuthenticator(TokenVerifier verifier, Supplier<AuthConfig> config) {
        this.verifier = verifier;
        this.config = config;
    }

    @Override
    public Future<Identity> authenticate(String token, TransportInfo transport) {
        // One Ed25519 verification: cheap enough for the event loop.
        TokenCheck check = verifier.verify(token, config.get());
        if (check instanceof TokenCheck.Rejected rejected) {
            return Future.failedFuture(CallFailure.of(CallErrorCode.ACCESS_DENIED,
                    "token rejected reason=" + rejected.rejection().reason()));
        }
        return Future.succeededFuture(check.identity().orElseThrow());
    }
}
