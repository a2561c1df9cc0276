package alknet.call.raw;

import alknet.api.Identity;
import alknet.stream.TransportInfo;
import io.vertx.core.Future;

/**
 * Proves who a raw-carrier client is from the token in its {@code __auth} frame (30-call-protocol.md section 6,
 * 20-auth-config.md section 3). Fails when the token proves nothing; a failure message never holds the token.
 */
@FunctionalInterface
public interface TokenAuthenticator {
    Future<Identity> authenticate(String token, TransportInfo transport);
}
