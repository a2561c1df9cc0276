package alknet.call;

import alknet.call.metrics.CallMetrics;
import alknet.call.operation.CallRouterOptions;
import alknet.call.registry.OperationDispatcher;
import alknet.call.registry.OperationRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static alknet.call.CallConnectionTest.CLIENT;
import static alknet.call.CallConnectionTest.SERVER;
import static alknet.call.CallConnectionTest.query;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Acceptance line 1 of the call protocol: two endpoints on one connection each serve an operation and call each
 * other concurrently, 10,000 calls each way, every result correct and every map empty afterwards.
 */
class BidirectionalLoadTest {
    private static final int CALLS = 10_000;
    private final Vertx vertx = Vertx.vertx();
    private LoopbackCallServer server;

    @AfterEach
    void tearDown() {
        server.close();
        Await.result(vertx.close());
    }

    @Test
    void tenThousandCallsEachWayAllCorrect() {
        CallRouterOptions options = new CallRouterOptions();
        OperationRegistry serverOps = new OperationRegistry();
        OperationRegistry clientOps = new OperationRegistry();
        serverOps.register(query("/srv/square"), (ctx, in) -> {
            long n = ((JsonObject) in).getLong("n");
            return Future.succeededFuture(new JsonObject().put("n", n).put("square", n * n).put("by", ctx.identity().id()));
        });
        clientOps.register(query("/cli/negate"), (ctx, in) -> {
            long n = ((JsonObject) in).getLong("n");
            return Future.succeededFuture(new JsonObject().put("n", n).put("negated", -n).put("by", ctx.identity().id()));
        });
        server = LoopbackCallServer.start(vertx, CLIENT, new OperationDispatcher(vertx, serverOps, options, CallMetrics.NONE), options);
        CallConnection client = server.connect(SERVER, new OperationDispatcher(vertx, clientOps, options, CallMetrics.NONE));
        CallConnection serverSide = server.lastAccepted();

        long start = System.nanoTime();
        List<Future<Object>> fromClient = new ArrayList<>(CALLS);
        List<Future<Object>> fromServer = new ArrayList<>(CALLS);
        // Both sides send from their own event loops at once, so requests and responses cross on the wire.
        Future<Void> clientSent = onContext(client, () -> {
            for (int i = 0; i < CALLS; i++) {
                fromClient.add(client.call("/srv/square", new JsonObject().put("n", i)));
            }
        });
        Future<Void> serverSent = onContext(serverSide, () -> {
            for (int i = 0; i < CALLS; i++) {
                fromServer.add(serverSide.call("/cli/negate", new JsonObject().put("n", i)));
            }
        });
        Await.result(Future.all(clientSent, serverSent));
        Await.result(Future.all(fromClient));
        Await.result(Future.all(fromServer));
        long millis = (System.nanoTime() - start) / 1_000_000;

        for (int i = 0; i < CALLS; i++) {
            JsonObject square = (JsonObject) fromClient.get(i).result();
            assertThat(square.getLong("n")).isEqualTo(i);
            assertThat(square.getLong("square")).isEqualTo((long) i * i);
            assertThat(square.getString("by")).isEqualTo(CLIENT.id());
            JsonObject negated = (JsonObject) fromServer.get(i).result();
            assertThat(negated.getLong("n")).isEqualTo(i);
            assertThat(negated.getLong("negated")).isEqualTo(-i);
            assertThat(negated.getString("by")).isEqualTo(SERVER.id());
        }
        for (CallConnection c : List.of(client, serverSide)) {
            assertThat(c.pendingCount()).isZero();
            assertThat(c.runningCount()).isZero();
        }
        System.out.println("bidirectional load: " + 2 * CALLS + " calls in " + millis + " ms");
    }

    private static Future<Void> onContext(CallConnection connection, Runnable action) {
        io.vertx.core.Promise<Void> done = io.vertx.core.Promise.promise();
        connection.context().runOnContext(v -> {
            action.run();
            done.complete();
        });
        return done.future();
    }
}
