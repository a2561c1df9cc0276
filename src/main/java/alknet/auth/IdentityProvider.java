package alknet.auth;

import alknet.api.Identity;
import alknet.stream.TransportInfo;
import io.vertx.core.Future;

import java.util.Optional;

/**
 * Resolves who a key or a token belongs to (20-auth-config.md sections 1 and 3). Tokens serve the non-SSH
 * carriers (HTTP admin API, WebSocket raw framing) only: a token is never accepted as SSH authentication.
 */
public interface IdentityProvider {
    Future<Optional<Identity>> byFingerprint(String fingerprint);

    /** The identity a token proves, or why it does not (for the HTTP layer's 401/403 and the log reason). */
    Future<TokenCheck> checkToken(String token, TransportInfo transport);

    default Future<Optional<Identity>> byToken(String token, TransportInfo transport) {
        return checkToken(token, transport).map(TokenCheck::identity);
    }
}
