package alknet.call.registry;

import alknet.api.CallErrorCode;
import alknet.api.CallFailure;
import alknet.api.AccessControl;
import alknet.api.OperationSpec;
import alknet.api.OperationType;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The read-only operations every node serves to any authenticated identity (30-call-protocol.md sections 3, 6):
 * {@code /services/list}, {@code /services/schema}, {@code /node/info}, {@code /node/ping}.
 */
public final class BuiltinOperations {
    public static final String SERVICES_LIST = "/services/list";
    public static final String SERVICES_SCHEMA = "/services/schema";
    public static final String NODE_INFO = "/node/info";
    public static final String NODE_PING = "/node/ping";

    private static final JsonObject EMPTY_INPUT = new JsonObject().put("type", new JsonArray().add("object").add("null"));

    private BuiltinOperations() {}

    /**
     * @param forwarded the operations the node serves for others (a head's workers): listed and described too
     */
    public static void register(OperationRegistry registry, NodeInfo node, Supplier<ForwardedOperations> forwarded) {
        registry.register(spec(SERVICES_LIST, "Operations this caller may call", EMPTY_INPUT,
                object("operations", new JsonObject().put("type", "array"))), (ctx, input) -> {
            JsonArray visible = new JsonArray();
            Stream.concat(registry.specs().stream(), forwarded.get().specs().stream())
                    .filter(s -> s.accessControl().permits(ctx.identity()))
                    .forEach(s -> visible.add(s.toJson()));
            return Future.succeededFuture(new JsonObject().put("operations", visible));
        });
        registry.register(spec(SERVICES_SCHEMA, "One operation's spec", object("name", string()),
                new JsonObject().put("type", "object")), (ctx, input) -> {
            String name = ((JsonObject) input).getString("name");
            Future<Optional<OperationSpec>> spec = registry.spec(name).isPresent()
                    ? Future.succeededFuture(registry.spec(name))
                    : forwarded.get().lookup(name).map(found -> found.map(ForwardedOperation::spec));
            return spec.compose(found -> found.filter(s -> s.accessControl().permits(ctx.identity()))
                    .map(s -> Future.<Object>succeededFuture(s.toJson()))
                    .orElseGet(() -> Future.failedFuture(CallFailure.of(CallErrorCode.OPERATION_NOT_FOUND,
                            "no operation " + name + " that this identity may call; /services/list shows them"))));
        });
        registry.register(spec(NODE_INFO, "Version, uptime, host name and operation count", EMPTY_INPUT,
                object("version", string())), (ctx, input) -> Future.succeededFuture(new JsonObject()
                .put("version", node.version())
                .put("uptimeSeconds", (System.currentTimeMillis() - node.startedAtMillis()) / 1000)
                .put("hostName", node.hostName())
                .put("operationCount", registry.size())
                .put("startedAt", node.startedAtMillis())));
        registry.register(spec(NODE_PING, "Liveness: {} -> {pong: true, time}", EMPTY_INPUT,
                object("pong", new JsonObject().put("const", true))), (ctx, input) -> Future.succeededFuture(
                new JsonObject().put("pong", true).put("time", System.currentTimeMillis())));
    }

    private static OperationSpec spec(String name, String description, JsonObject input, JsonObject output) {
        return OperationSpec.builder(name, OperationType.QUERY).description(description).inputSchema(input)
                .outputSchema(output).accessControl(AccessControl.NONE).version("1").build();
    }

    /** An object schema requiring one property of the given schema. */
    private static JsonObject object(String property, JsonObject schema) {
        return new JsonObject().put("type", "object").put("properties", new JsonObject().put(property, schema))
                .put("required", new JsonArray().add(property));
    }

    private static JsonObject string() {
        return new JsonObject().put("type", "string");
    }
}
