package alknet.cluster;

import alknet.api.Alknet;
import alknet.api.AlknetServer;
import alknet.api.AlknetSession;
import alknet.api.AlknetVertx;
import alknet.api.ClusterOptions;
import alknet.api.ConnectOptions;
import alknet.api.OperationSpec;
import alknet.api.OperationType;
import alknet.api.ServeOptions;
import alknet.api.TopicEvent;
import alknet.auth.PrivateKeyFiles;
import alknet.testsupport.AlknetTestNodes;
import alknet.testsupport.FreePorts;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two heads in one JVM, each a real Hazelcast member on loopback (40-cluster-ops.md sections 2-3): a worker held by
 * head A is called through head B, its operations are listed on B, pub/sub crosses heads in order, and head B sees
 * A's workers leave with A.
 */
@Timeout(120)
class TwoHeadClusterTest {
    private final List<Vertx> vertxes = new ArrayList<>();
    private final List<AlknetSession> sessions = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AlknetSession s : sessions) {
            AlknetTestNodes.await(s.close().recover(e -> Future.succeededFuture()));
        }
        for (Vertx v : vertxes) {
            AlknetTestNodes.await(v.close().recover(e -> Future.succeededFuture()));
        }
    }

    @Test
    void aWorkerOnOneHeadIsCalledThroughTheOtherAndEventsCrossHeads() throws Exception {
        Path dir = Files.createTempDirectory("alknet-cluster-");
        KeyPair client = PrivateKeyFiles.generateEd25519(dir.resolve("id_ed25519"));
        String clientLine = PrivateKeyFiles.publicKeyLine(client, "worker");
        PrivateKeyFiles.generateEd25519(dir.resolve("host_ed25519"));
        Files.writeString(dir.resolve("authorized_keys"), clientLine + "\n");
        int portA = FreePorts.pickPair();
        int portB = FreePorts.pickPair();
        List<String> members = List.of("127.0.0.1:" + portA, "127.0.0.1:" + portB);
        AlknetServer a = head(dir, clientLine, new ClusterOptions(true, members, null, "127.0.0.1", portA, "alknet-test"));
        AlknetServer b = head(dir, clientLine, new ClusterOptions(true, members, null, "127.0.0.1", portB, "alknet-test"));

        AlknetSession worker = connect(dir, a);
        worker.registry().register(OperationSpec.builder("/calc/add", OperationType.QUERY).build(),
                (ctx, input) -> Future.succeededFuture(new JsonObject()
                        .put("sum", ((JsonObject) input).getInteger("a") + ((JsonObject) input).getInteger("b"))));
        JsonArray specs = new JsonArray();
        worker.registry().specs().forEach(s -> specs.add(s.toJson()));
        AlknetTestNodes.await(worker.call(HeadOperations.REGISTER, new JsonObject().put("node", "w1")
                .put("operations", specs)));

        AlknetSession caller = connect(dir, b);
        JsonObject sum = (JsonObject) AlknetTestNodes.await(caller.call("/w1/calc/add",
                new JsonObject().put("a", 20).put("b", 22)));
        assertThat(sum.getInteger("sum")).isEqualTo(42);
        JsonArray listed = ((JsonObject) AlknetTestNodes.await(caller.call("/services/list", new JsonObject())))
                .getJsonArray("operations");
        assertThat(listed.stream().map(o -> ((JsonObject) o).getString("name"))).contains("/w1/calc/add");

        List<TopicEvent> seen = new CopyOnWriteArrayList<>();
        AlknetTestNodes.await(a.onEvent("orders", seen::add));
        for (int i = 0; i < 100; i++) {
            b.publish("orders", "created", new JsonObject().put("n", i));
        }
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (seen.size() < 100 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(seen).hasSize(100);
        for (int i = 0; i < 100; i++) {
            assertThat(((JsonObject) seen.get(i).payload()).getInteger("n")).isEqualTo(i);
        }
    }

    private AlknetServer head(Path dir, String workerKey, ClusterOptions cluster) throws Exception {
        Vertx vertx = AlknetTestNodes.await(AlknetVertx.createClustered(cluster));
        vertxes.add(vertx);
        ServeOptions options = new ServeOptions().dataDir(dir).listen("127.0.0.1", 0).ops("127.0.0.1", 0)
                .cluster(cluster);
        options.auth(options.auth().withIdentity(workerKey, List.of("relay:connect", HeadOperations.SCOPE,
                "pubsub:subscribe", "pubsub:publish"), Map.of(HeadOperations.RESOURCE_TYPE, List.of("*"))));
        return AlknetTestNodes.await(Alknet.serve(vertx, options));
    }

    private AlknetSession connect(Path dir, AlknetServer head) throws Exception {
        Vertx vertx = AlknetVertx.create();
        vertxes.add(vertx);
        AlknetSession session = AlknetTestNodes.await(Alknet.connect(vertx, new ConnectOptions()
                .server("127.0.0.1", head.sshPort()).identity(dir.resolve("id_ed25519")).user("w")
                .knownHosts(dir.resolve("known_hosts")).hostKeyFingerprint(head.hostKeyFingerprint()).noSocks5()));
        sessions.add(session);
        AlknetTestNodes.await(session.firstSession());
        return session;
    }
}
