package alknet.auth;

import alknet.api.Identity;
import alknet.stream.TransportInfo;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authentication.AuthenticationProvider;
import io.vertx.ext.auth.authentication.Credentials;
import io.vertx.ext.auth.authentication.TokenCredentials;

/**
 * alknet tokens behind Vert.x's {@link AuthenticationProvider}, for Vert.x Web handlers. The user's principal
 * holds the identity ({@code sub}, {@code scope}, {@code resources}), never the token; a refusal fails with a
 * {@link TokenRejectedException} carrying the reason and HTTP status.
 */
public final class TokenAuthenticationProvider implements AuthenticationProvider {
    private final IdentityProvider identities;
    private final TransportInfo transport;

    public TokenAuthenticationProvider(IdentityProvider identities, TransportInfo transport) {
        this.identities = identities;
        this.transport = transport;
    }

    @Override
    public Future<User> authenticate(Credentials credentials) {
        if (!(credentials instanceof TokenCredentials bearer) || bearer.getToken() == null) {
            return Future.failedFuture(new TokenRejectedException(TokenRejection.MALFORMED));
        }
        return identities.checkToken(bearer.getToken(), transport).compose(check ->
                check instanceof TokenCheck.Rejected rejected
                        ? Future.failedFuture(new TokenRejectedException(rejected.rejection()))
                        : Future.succeededFuture(user(check.identity().orElseThrow())));
    }

    static User user(Identity identity) {
        JsonObject resources = new JsonObject();
        identity.resources().forEach((type, names) -> resources.put(type, new JsonArray(names)));
        return User.create(new JsonObject()
                .put("sub", identity.id())
                .put("scope", new JsonArray(identity.scopes()))
                .put("resources", resources));
    }
}
