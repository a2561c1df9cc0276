package alknet.call;

import alknet.api.Identity;
import alknet.call.operation.CallRouterOptions;
import alknet.api.OperationSpec;
import alknet.api.OperationType;
import alknet.call.metrics.CallMetrics;
import alknet.transport.NetSocketConnection;
import alknet.stream.TransportKind;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The router: serve(DuplexConnection, Identity) for control channels, built-ins, listeners, undeploy. */
class CallRouterVerticleTest {
    private static final Identity PEER = new Identity("SHA256:peer", List.of(), Map.of());
    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void tearDown() {
        Await.result(vertx.close());
    }

    @Test
    void servesAByteStreamAsTheGivenIdentityWithBuiltinsAndEarlyRegistrations() {
        CallRouterVerticle router = new CallRouterVerticle(new CallRouterOptions(), CallMetrics.NONE, "9.9.9");
        router.registry().register(OperationSpec.builder("/app/whoami", OperationType.QUERY).build(),
                (ctx, in) -> Future.succeededFuture(ctx.identity().id()));
        assertThatThrownBy(router::dispatcher).hasMessageContaining("deploy");
        String deployment = Await.result(vertx.deployVerticle(router));
        List<CallConnection> seen = new CopyOnWriteArrayList<>();
        router.addConnectionListener(seen::add);
        int port = Await.result(vertx.createNetServer()
                .connectHandler(socket -> router.serve(new NetSocketConnection(socket, TransportKind.TCP), PEER))
                .listen(0, "127.0.0.1")).actualPort();

        try (RawFramePeer peer = new RawFramePeer(port)) {
            peer.send(new alknet.call.frame.Envelope("call.requested", "a", new JsonObject().put("operationId", "/app/whoami")));
            assertThat(peer.next(Duration.ofSeconds(5)).payloadObject().getValue("output")).isEqualTo(PEER.id());
            peer.send(new alknet.call.frame.Envelope("call.requested", "b", new JsonObject().put("operationId", "/node/info")));
            JsonObject info = peer.next(Duration.ofSeconds(5)).payloadObject().getJsonObject("output");
            assertThat(info.getString("version")).isEqualTo("9.9.9");
            assertThat(info.getInteger("operationCount")).isEqualTo(5);
            assertThat(info.getString("hostName")).isNotBlank();
            assertThat(seen).hasSize(1);
            assertThat(router.connections()).hasSize(1);

            Await.result(vertx.undeploy(deployment));
            assertThat(peer.closedWithin(Duration.ofSeconds(5))).isTrue();
            assertThat(router.connections()).isEmpty();
        }
    }

    @Test
    void noArgumentRouterUsesTheDefaults() {
        CallRouterVerticle router = new CallRouterVerticle();
        Await.result(vertx.deployVerticle(router));
        assertThat(router.options().maxFrame()).isEqualTo(CallRouterOptions.DEFAULT_MAX_FRAME);
        assertThat(router.registry().spec("/node/ping")).isPresent();
    }
}
