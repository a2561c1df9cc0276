package alknet.ops;

import alknet.auth.AuthConfig;
import alknet.api.Identity;
import alknet.auth.TokenCheck;
import alknet.auth.TokenVerifier;
import alknet.api.ReloadResult;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Supplier;

/**
 * {@code POST /admin/reload} (40-cluster-ops.md section 4, 20-auth-config.md sections 3 and 5): a bearer token
 * verified against the current auth config, scope {@code admin:reload} required. Answers 401/403 with a JSON
 * reason, 200 with what changed, 400 with the reload error (invalid configuration; nothing reloaded) and 500 when
 * the reload could not run. The token never goes into a log line or a response.
 */
public final class AdminReloadHandler implements Handler<RoutingContext> {
    public static final String SCOPE = "admin:reload";
    private static final Logger LOG = LoggerFactory.getLogger("alknet.ops");
    private static final String BEARER = "bearer ";

    private final Supplier<AuthConfig> auth;
    private final TokenVerifier tokens;
    private final Supplier<Future<ReloadResult>> reload;

    public AdminReloadHandler(Supplier<AuthConfig> auth, TokenVerifier tokens,
                              Supplier<Future<ReloadResult>> reload) {
        this.auth = auth;
        this.tokens = tokens;
        this.reload = reload;
    }

    @Override
    public void handle(RoutingContext ctx) {
        String remote = ctx.request().remoteAddress() == null ? "-" : ctx.request().remoteAddress().hostAddress();
        String header = ctx.request().getHeader("Authorization");
        if (header == null || header.length() <= BEARER.length()
                || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            refuse(ctx, 401, "missing-token", remote);
            return;
        }
        TokenCheck check = tokens.verify(header.substring(BEARER.length()).strip(), auth.get());
        if (check instanceof TokenCheck.Rejected rejected) {
            refuse(ctx, rejected.rejection().httpStatus(), rejected.rejection().reason(), remote);
            return;
        }
        Identity identity = check.identity().orElseThrow();
        if (!identity.hasScope(SCOPE)) {
            refuse(ctx, 403, "missing-scope", remote);
            return;
        }
        LOG.info("admin reload requested identity={} remote_addr={}", identity.id(), remote);
        reload.get().onComplete(ar -> {
            if (ar.succeeded()) {
                ReloadResult r = ar.result();
                reply(ctx, 200, new JsonObject().put("status", "reloaded")
                        .put("changed", new JsonArray(r.changed())).put("needs_restart", new JsonArray(r.needsRestart())));
            } else {
                int status = ar.cause() instanceof IllegalArgumentException ? 400 : 500;
                reply(ctx, status, new JsonObject().put("status", "failed").put("reason", String.valueOf(ar.cause().getMessage())));
            }
        });
    }

    private static void refuse(RoutingContext ctx, int status, String reason, String remote) {
        LOG.warn("admin reload refused reason={} remote_addr={}", reason, remote);
        if (status == 401) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer");
        }
        reply(ctx, status, new JsonObject().put("status", "refused").put("reason", reason));
    }

    private static void reply(RoutingContext ctx, int status, JsonObject body) {
        ctx.response().setStatusCode(status).putHeader("content-type", "application/json").end(body.encode() + "\n");
    }
}
