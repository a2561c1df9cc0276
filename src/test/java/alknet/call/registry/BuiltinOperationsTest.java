package alknet.call.registry;

import alknet.api.Identity;
import alknet.call.Await;
import alknet.api.CallErrorCode;
import alknet.call.metrics.CallMetrics;
import alknet.api.AccessControl;
import alknet.api.CallOptions;
import alknet.call.operation.CallRouterOptions;
import alknet.api.OperationEnv;
import alknet.api.OperationSpec;
import alknet.api.OperationType;
import alknet.call.operation.OutputValidation;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** 30-call-protocol.md sections 3 and 6: built-ins any authenticated identity may call. */
class BuiltinOperationsTest {
    private static final Identity PLAIN = new Identity("SHA256:plain", List.of(), Map.of());
    private final Vertx vertx = Vertx.vertx();
    private final OperationRegistry registry = new OperationRegistry();
    private OperationEnv env;

    @BeforeEach
    void setUp() {
        BuiltinOperations.register(registry, new NodeInfo("1.2.3", "node-a", System.currentTimeMillis() - 5_000),
                () -> alknet.call.registry.ForwardedOperations.NONE);
        registry.register(OperationSpec.builder("/admin/reload", OperationType.MUTATION)
                .accessControl(AccessControl.scopes("admin:reload")).build(), (ctx, in) -> Future.succeededFuture(true));
        OperationDispatcher dispatcher = new OperationDispatcher(vertx, registry,
                new CallRouterOptions().setOutputValidation(OutputValidation.STRICT), CallMetrics.NONE);
        env = dispatcher.routes().rootEnv(PLAIN);
    }

    @AfterEach
    void close() {
        Await.result(vertx.close());
    }

    @Test
    void pingAnswersPongWithTheTime() {
        long before = System.currentTimeMillis();
        JsonObject pong = (JsonObject) Await.result(env.invoke("node", "ping", new JsonObject()));
        assertThat(pong.getBoolean("pong")).isTrue();
        assertThat(pong.getLong("time")).isBetween(before, System.currentTimeMillis());
    }

    @Test
    void infoNamesVersionUptimeHostAndOperationCount() {
        JsonObject info = (JsonObject) Await.result(env.invoke("node", "info", null));
        assertThat(info.getString("version")).isEqualTo("1.2.3");
        assertThat(info.getString("hostName")).isEqualTo("node-a");
        assertThat(info.getLong("uptimeSeconds")).isBetween(4L, 60L);
        assertThat(info.getInteger("operationCount")).isEqualTo(5);
    }

    @Test
    void listShowsOnlyWhatTheCallerMayCall() {
        JsonObject list = (JsonObject) Await.result(env.invoke("services", "list", null));
        assertThat(list.getJsonArray("operations").stream().map(o -> ((JsonObject) o).getString("name")))
                .containsExactly("/node/info", "/node/ping", "/services/list", "/services/schema");
        OperationEnv admin = new OperationDispatcher(vertx, registry, new CallRouterOptions(), CallMetrics.NONE)
                .routes().rootEnv(new Identity("SHA256:admin", List.of("admin:reload"), Map.of()));
        JsonObject all = (JsonObject) Await.result(admin.invoke("services", "list", null));
        assertThat(all.getJsonArray("operations")).hasSize(5);
    }

    @Test
    void schemaReturnsOneSpecAndHidesWhatTheCallerMayNotCall() {
        JsonObject spec = (JsonObject) Await.result(env.invoke("services", "schema", new JsonObject().put("name", "/node/ping")));
        assertThat(OperationSpec.fromJson(spec).name()).isEqualTo("/node/ping");
        assertThat(Await.failure(env.invoke("services", "schema", new JsonObject().put("name", "/admin/reload")))
                .is(CallErrorCode.OPERATION_NOT_FOUND)).isTrue();
        assertThat(Await.failure(env.invoke("services", "schema", new JsonObject()))
                .is(CallErrorCode.VALIDATION_ERROR)).isTrue();
    }

    @Test
    void builtinsNeedNoScope() {
        for (String name : List.of("/node/info", "/node/ping", "/services/list", "/services/schema")) {
            assertThat(registry.spec(name).orElseThrow().accessControl().restricted()).as(name).isFalse();
        }
        assertThat(Await.result(env.invoke("node", "/ping", null, CallOptions.DEFAULT))).isNotNull();
    }
}
