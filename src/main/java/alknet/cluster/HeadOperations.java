package alknet.cluster;

import alknet.api.AccessControl;
import alknet.api.CallErrorCode;
import alknet.api.CallFailure;
import alknet.api.Identity;
import alknet.api.OperationContext;
import alknet.api.OperationSpec;
import alknet.api.OperationType;
import alknet.api.Operations;
import alknet.call.registry.ForwardedOperation;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A head's own operations for workers (40-cluster-ops.md section 2): {@code /head/services/register} and
 * {@code /head/heartbeat}. Both need scope {@code node:register}; registering an alias also needs it (or {@code *})
 * in the identity's {@code resources.node}. Both must come over the worker's own control connection: the head
 * forwards calls to the connection that registered.
 */
public final class HeadOperations {
    public static final String REGISTER = "/head/services/register";
    public static final String HEARTBEAT = "/head/heartbeat";
    public static final String SCOPE = "node:register";
    public static final String RESOURCE_TYPE = "node";
    public static final int MAX_OPERATIONS = 1_000;
    public static final int DEFAULT_HEARTBEAT_SECONDS = 10;
    /** A DNS-label-like name that is one path segment: Kubernetes pod names fit. */
    public static final String ALIAS_PATTERN = "^[A-Za-z0-9][A-Za-z0-9._-]{0,252}$";
    private static final java.util.regex.Pattern ALIAS = java.util.regex.Pattern.compile(ALIAS_PATTERN);
    private static final String ALIAS_RULE = "node must be a worker name of 1-253 letters, digits, '.', '_' or '-',"
            + " starting with a letter or digit (a Kubernetes pod name fits)";
    /** Namespaces of a head's own operations, which a worker alias must not shadow. */
    public static final Set<String> RESERVED_ALIASES = Set.of("head", "node", "services");

    private HeadOperations() {}

    public static void register(Operations registry, HeldWorkers workers) {
        registry.register(OperationSpec.builder(REGISTER, OperationType.MUTATION)
                .description("Registers this session's worker under an alias with its operations; again after every"
                        + " reconnect (the whole set is replaced)")
                .inputSchema(registerInput()).outputSchema(new JsonObject().put("type", "object"))
                .accessControl(AccessControl.scopes(SCOPE)).version("1").build(),
                (ctx, input) -> register(workers, ctx, (JsonObject) input));
        registry.register(OperationSpec.builder(HEARTBEAT, OperationType.MUTATION)
                .description("Keeps this session's registration; three missed beats remove it")
                .inputSchema(aliasOnly()).outputSchema(new JsonObject().put("type", "object"))
                .accessControl(AccessControl.scopes(SCOPE)).version("1").build(),
                (ctx, input) -> heartbeat(workers, ctx, (JsonObject) input));
    }

    private static Future<Object> register(HeldWorkers workers, OperationContext ctx, JsonObject input) {
        String alias = input.getString("node");
        if (!ALIAS.matcher(alias).matches()) {
            return refuse(CallErrorCode.VALIDATION_ERROR, ALIAS_RULE);
        }
        if (RESERVED_ALIASES.contains(alias)) {
            return refuse(CallErrorCode.VALIDATION_ERROR, "alias " + alias + " is reserved for the head's own"
                    + " operations; pick another --name");
        }
        if (!mayUse(ctx.identity(), alias)) {
            return refuse(CallErrorCode.ACCESS_DENIED, "this identity may not register alias " + alias
                    + ": its resources.node must list it or \"*\" ([[auth.identities]] in the head's config)");
        }
        if (ctx.peer() == null) {
            return refuse(CallErrorCode.VALIDATION_ERROR, "register over the worker's own control connection"
                    + " (SSH alknet-control or a raw carrier): the head forwards calls to the connection that registered");
        }
        List<OperationSpec> specs;
        try {
            specs = specs(alias, input.getJsonArray("operations"));
        } catch (IllegalArgumentException e) {
            return refuse(CallErrorCode.VALIDATION_ERROR, "operations: " + e.getMessage());
        }
        int heartbeat = input.getInteger("heartbeatSeconds", DEFAULT_HEARTBEAT_SECONDS);
        return workers.register(ctx.identity(), ctx.peer(), alias, specs, Duration.ofSeconds(heartbeat))
                .map(r -> new JsonObject().put("node", alias).put("head", r.memberId())
                        .put("registrationId", r.registrationId()).put("operations", specs.size())
                        .put("heartbeatSeconds", heartbeat));
    }

    private static Future<Object> heartbeat(HeldWorkers workers, OperationContext ctx, JsonObject input) {
        if (ctx.peer() == null) {
            return refuse(CallErrorCode.VALIDATION_ERROR, "heartbeat over the connection that registered");
        }
        HeldWorkers.Beat beat = workers.heartbeat(ctx.peer(), input.getString("node"));
        JsonObject reply = new JsonObject().put("registered", beat == HeldWorkers.Beat.REGISTERED);
        return Future.succeededFuture(beat == HeldWorkers.Beat.REGISTERED ? reply
                : reply.put("reason", beat.name().toLowerCase(java.util.Locale.ROOT)));
    }

    static boolean mayUse(Identity identity, String alias) {
        List<String> allowed = identity == null ? List.of() : identity.resources().getOrDefault(RESOURCE_TYPE, List.of());
        return allowed.contains(alias) || allowed.contains("*");
    }

    /** The worker's specs, each checked as the head will serve it under {@code /ALIAS}. */
    static List<OperationSpec> specs(String alias, JsonArray operations) {
        List<OperationSpec> specs = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < operations.size(); i++) {
            OperationSpec spec;
            try {
                spec = OperationSpec.fromJson(operations.getJsonObject(i));
                new OperationSpec("/" + alias + spec.name(), alias, spec.type(), null, null, null, null, null);
                ForwardedOperation.checkSchemas(spec);
            } catch (IllegalArgumentException | ClassCastException e) {
                throw new IllegalArgumentException("#" + i + ": " + e.getMessage(), e);
            }
            if (!names.add(spec.name())) {
                throw new IllegalArgumentException("#" + i + ": " + spec.name() + " is listed twice");
            }
            specs.add(spec);
        }
        return specs;
    }

    private static Future<Object> refuse(CallErrorCode code, String message) {
        return Future.failedFuture(CallFailure.of(code, message));
    }

    private static JsonObject registerInput() {
        return new JsonObject().put("type", "object").put("required", new JsonArray().add("node").add("operations"))
                .put("properties", new JsonObject()
                        .put("node", aliasSchema())
                        .put("operations", new JsonObject().put("type", "array").put("maxItems", MAX_OPERATIONS)
                                .put("items", new JsonObject().put("type", "object")))
                        .put("heartbeatSeconds", new JsonObject().put("type", "integer").put("minimum", 1)
                                .put("maximum", 60)));
    }

    private static JsonObject aliasOnly() {
        return new JsonObject().put("type", "object").put("required", new JsonArray().add("node"))
                .put("properties", new JsonObject().put("node", aliasSchema()));
    }

    /** The pattern is checked by the handlers, whose refusal says what a name may hold. */
    private static JsonObject aliasSchema() {
        return new JsonObject().put("type", "string").put("minLength", 1);
    }
}
