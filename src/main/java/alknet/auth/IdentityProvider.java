package alknet.auth;

import io.vertx.core.Future;

import java.util.Optional;

/** Resolves who a key belongs to (20-auth-config.md section 1). Token lookup comes with the token issue. */
public interface IdentityProvider {
    Future<Optional<Identity>> byFingerprint(String fingerprint);
}
