package alknet.call.raw;

import alknet.api.Identity;
import alknet.call.Await;
import alknet.call.CallConnection;
import alknet.call.CallRouterVerticle;
import alknet.call.carrier.WebSocketFrameCarrier;
import alknet.api.CallErrorCode;
import alknet.call.frame.Envelope;
import alknet.call.metrics.CallMetrics;
import alknet.call.operation.CallRouterOptions;
import alknet.api.OperationSpec;
import alknet.api.OperationType;
import alknet.call.registry.OperationDispatcher;
import alknet.call.registry.OperationRegistry;
import alknet.stream.TransportInfo;
import alknet.stream.TransportKind;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** 30-call-protocol.md sections 1 and 6: one envelope per WebSocket text message at /call, __auth first. */
class WebSocketCallHandlerTest {
    private static final Identity DAVE = new Identity("SHA256:dave", List.of("app"), Map.of());
    private static final Identity SERVER = new Identity("SHA256:server", List.of(), Map.of());
    private static final int MAX_FRAME = 4096;

    private final Vertx vertx = Vertx.vertx();
    private final CallRouterVerticle router = new CallRouterVerticle(new CallRouterOptions().setMaxFrame(MAX_FRAME),
            CallMetrics.NONE, "test");
    private WebSocketClient client;
    private int port;

    @BeforeEach
    void setUp() {
        Await.result(vertx.deployVerticle(router));
        router.registry().register(OperationSpec.builder("/app/whoami", OperationType.QUERY).build(),
                (ctx, in) -> Future.succeededFuture(ctx.identity().id()));
        WebSocketCallHandler calls = new WebSocketCallHandler((token, transport) -> "dave-token".equals(token)
                ? Future.succeededFuture(DAVE) : Future.failedFuture(new IllegalArgumentException("unknown token")), router);
        HttpServer server = vertx.createHttpServer(new HttpServerOptions().setMaxWebSocketMessageSize(64 * 1024))
                .webSocketHandler(ws -> {
                    if (WebSocketCallHandler.PATH.equals(ws.path())) {
                        calls.handle(ws);
                    } else {
                        ws.close((short) 1008, "unknown path");
                    }
                });
        port = Await.result(server.listen(0, "127.0.0.1")).actualPort();
        client = vertx.createWebSocketClient();
    }

    @AfterEach
    void tearDown() {
        Await.result(vertx.close());
    }

    /** A client-side CallConnection over a WebSocket, with its own operations. */
    private CallConnection connect(OperationRegistry clientOps) {
        Promise<CallConnection> connected = Promise.promise();
        client.connect(port, "127.0.0.1", WebSocketCallHandler.PATH).onSuccess(ws -> connected.complete(CallConnection.open(
                new WebSocketFrameCarrier(ws, Vertx.currentContext(), TransportInfo.of(TransportKind.WS, "127.0.0.1", port), MAX_FRAME),
                SERVER, new OperationDispatcher(vertx, clientOps, new CallRouterOptions(), CallMetrics.NONE),
                new CallRouterOptions().setMaxFrame(MAX_FRAME)))).onFailure(connected::fail);
        return Await.result(connected.future());
    }

    private WebSocket rawSocket() {
        return Await.result(client.connect(port, "127.0.0.1", WebSocketCallHandler.PATH));
    }

    @Test
    void authenticatedWebSocketCallsBothWays() {
        OperationRegistry clientOps = new OperationRegistry();
        clientOps.register(OperationSpec.builder("/browser/echo", OperationType.QUERY).build(),
                (ctx, in) -> Future.succeededFuture(ctx.identity().id() + " says " + in));
        CallConnection connection = connect(clientOps);
        connection.send(new Envelope("__auth", "", new JsonObject().put("token", "dave-token")));
        assertThat(Await.result(connection.call("/app/whoami", null))).isEqualTo(DAVE.id());

        Await.until(() -> router.connections().size() == 1, "served");
        CallConnection serverSide = router.connections().iterator().next();
        assertThat(serverSide.transport().kind()).isEqualTo(TransportKind.WS);
        assertThat(Await.result(serverSide.call("/browser/echo", "hi"))).isEqualTo(SERVER.id() + " says hi");
    }

    @Test
    void badTokenClosesTheSocket() {
        CallConnection connection = connect(new OperationRegistry());
        connection.send(new Envelope("__auth", "", new JsonObject().put("token", "guess")));
        Future<Object> call = connection.call("/app/whoami", null);
        assertThat(Await.failure(call).is(CallErrorCode.UNAVAILABLE)).isTrue();
        Await.result(connection.closed());
        assertThat(router.connections()).isEmpty();
    }

    @Test
    void binaryGarbageAndOversizedMessagesCloseTheSocket() {
        for (Runnable offence : List.<Runnable>of(
                () -> {
                    WebSocket ws = rawSocket();
                    Promise<Void> closed = Promise.promise();
                    ws.closeHandler(v -> closed.tryComplete());
                    ws.writeTextMessage("{\"type\":\"__auth\",\"id\":\"\",\"payload\":{\"token\":\"dave-token\"}}");
                    ws.writeBinaryMessage(Buffer.buffer("{\"type\":\"call.requested\"}"));
                    Await.result(closed.future());
                },
                () -> {
                    WebSocket ws = rawSocket();
                    Promise<Void> closed = Promise.promise();
                    ws.closeHandler(v -> closed.tryComplete());
                    ws.writeTextMessage("{\"type\":\"__auth\",\"id\":\"\",\"payload\":{\"token\":\"dave-token\"}}");
                    ws.writeTextMessage("{\"type\":\"x\",\"id\":\"\",\"payload\":\"" + "y".repeat(MAX_FRAME) + "\"}");
                    Await.result(closed.future());
                },
                () -> {
                    WebSocket ws = rawSocket();
                    Promise<Void> closed = Promise.promise();
                    ws.closeHandler(v -> closed.tryComplete());
                    ws.writeTextMessage("not json at all");
                    Await.result(closed.future());
                })) {
            offence.run();
        }
        Await.until(() -> router.connections().isEmpty(), "no connection left");
        // The handler keeps serving.
        CallConnection connection = connect(new OperationRegistry());
        connection.send(new Envelope("__auth", "", new JsonObject().put("token", "dave-token")));
        assertThat(Await.result(connection.call("/node/ping", null))).isNotNull();
    }
}
