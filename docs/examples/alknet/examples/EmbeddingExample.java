package alknet.examples;

import alknet.api.Alknet;
import alknet.api.AlknetServer;
import alknet.api.AlknetSession;
import alknet.api.AlknetVertx;
import alknet.api.CallPeer;
import alknet.api.ConnectOptions;
import alknet.api.OperationSpec;
import alknet.api.OperationType;
import alknet.api.ServeOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * alknet embedded in an application (00-overview.md, embedding API): a server and a client in one process, each
 * registering an operation the other calls over the client's one SSH session. Run it with
 * {@code java -cp target/alknet.jar:target/test-classes alknet.examples.EmbeddingExample}, or see
 * {@code EmbeddingExampleTest}, which runs it on every build.
 */
public final class EmbeddingExample {
    private EmbeddingExample() {}

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("alknet-example-");
        System.out.println(run(dir));
    }

    /** Starts both nodes on loopback with fresh keys, calls both ways, stops everything; returns what was answered. */
    public static String run(Path dir) throws Exception {
        Vertx vertx = AlknetVertx.create();
        try {
            // A client key the server authorizes (ssh-keygen -t ed25519 would do the same).
            Path clientKey = dir.resolve("id_ed25519");
            alknet.auth.PrivateKeyFiles.generateEd25519(clientKey);
            Files.writeString(dir.resolve("authorized_keys"), Files.readString(Path.of(clientKey + ".pub")));

            AlknetServer server = await(Alknet.serve(vertx, new ServeOptions().dataDir(dir)
                    .listen("127.0.0.1", 0).ops("127.0.0.1", 0)));
            // The server side offers /greeter/hello.
            server.registry().register(OperationSpec.builder("/greeter/hello", OperationType.QUERY).build(),
                    (ctx, input) -> Future.succeededFuture(new JsonObject()
                            .put("greeting", "hello " + ((JsonObject) input).getString("name"))
                            .put("caller", ctx.identity().id())));

            AlknetSession client = await(Alknet.connect(vertx, new ConnectOptions()
                    .server("127.0.0.1", server.sshPort()).identity(clientKey).user("example")
                    .knownHosts(dir.resolve("known_hosts")).hostKeyFingerprint(server.hostKeyFingerprint())
                    .noSocks5()));
            await(client.firstSession());
            // The client side offers /laptop/battery; registering opens the control channel.
            client.registry().register(OperationSpec.builder("/laptop/battery", OperationType.QUERY).build(),
                    (ctx, input) -> Future.succeededFuture(new JsonObject().put("percent", 87)));

            Object hello = await(client.call("/greeter/hello", new JsonObject().put("name", "alknet")));
            CallPeer laptop = awaitPeer(server);
            Object battery = await(laptop.call("/laptop/battery", new JsonObject()));

            await(client.close());
            await(server.close());
            return "client called the server: " + hello + "\nserver called the client: " + battery;
        } finally {
            await(vertx.close());
        }
    }

    private static CallPeer awaitPeer(AlknetServer server) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (server.peers().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        return server.peers().get(0);
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(20, java.util.concurrent.TimeUnit.SECONDS);
    }
}
