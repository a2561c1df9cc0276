package alknet.call.registry;

import alknet.api.OperationSpec;
import alknet.api.OperationType;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** 30-call-protocol.md section 3: register(spec, handler), duplicates refused. */
class OperationRegistryTest {
    private final OperationRegistry registry = new OperationRegistry();

    @Test
    void duplicateNameIsRefusedAndTheFirstStays() {
        OperationSpec spec = OperationSpec.builder("/a/b", OperationType.QUERY).description("first").build();
        registry.register(spec, (ctx, in) -> Future.succeededFuture(1));
        assertThatThrownBy(() -> registry.register(OperationSpec.builder("/a/b", OperationType.QUERY).build(),
                (ctx, in) -> Future.succeededFuture(2))).hasMessageContaining("already registered");
        assertThat(registry.spec("/a/b")).contains(spec);
        assertThat(registry.unregister("/a/b")).isTrue();
        assertThat(registry.size()).isZero();
    }

    @Test
    void handlerKindMustMatchTheType() {
        assertThatThrownBy(() -> registry.register(OperationSpec.builder("/a/s", OperationType.SUBSCRIPTION).build(),
                (ctx, in) -> Future.succeededFuture(1))).hasMessageContaining("SubscriptionHandler");
        assertThatThrownBy(() -> registry.register(OperationSpec.builder("/a/q", OperationType.QUERY).build(),
                (ctx, in, sink) -> sink.complete())).hasMessageContaining("OperationHandler");
        assertThat(registry.size()).isZero();
    }

    @Test
    void brokenSchemaFailsAtRegistration() {
        assertThatThrownBy(() -> registry.register(OperationSpec.builder("/a/b", OperationType.QUERY)
                .inputSchema(new JsonObject().put("$ref", "#/$defs/none")).build(), (ctx, in) -> Future.succeededFuture(1)))
                .hasMessageContaining("inputSchema of /a/b");
        assertThat(registry.size()).isZero();
    }

    @Test
    void specsAreSortedByName() {
        for (String name : new String[] {"/z/a", "/a/z", "/m/m"}) {
            registry.register(OperationSpec.builder(name, OperationType.QUERY).build(), (ctx, in) -> Future.succeededFuture(1));
        }
        assertThat(registry.specs()).extracting(OperationSpec::name).containsExactly("/a/z", "/m/m", "/z/a");
    }
}
