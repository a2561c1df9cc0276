package alknet.cluster;

import alknet.api.Alknet;
import alknet.api.AlknetServer;
import alknet.api.AlknetSession;
import alknet.api.AlknetVertx;
import alknet.api.ClusterOptions;
import alknet.api.ConnectOptions;
import alknet.api.ServeOptions;
import alknet.auth.PrivateKeyFiles;
import alknet.testsupport.AlknetTestNodes;
import alknet.testsupport.FreePorts;
import alknet.testsupport.OpsProbe;
import alknet.testsupport.TempDirs;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One head's shutdown stays its own (40-cluster-ops.md section 4), although heads share a clustered event bus: the
 * other head keeps taking sessions and stays ready. Found by HeadFailoverIT: the shutdown signal and the readiness
 * checks went over the shared bus, so a SIGTERM to one head stopped every head's listeners.
 */
@Timeout(120)
class HeadShutdownStaysLocalTest {
    private final List<Vertx> vertxes = new ArrayList<>();
    private Path dir;

    @AfterEach
    void close() throws Exception {
        for (Vertx v : vertxes) {
            AlknetTestNodes.await(v.close().recover(e -> Future.succeededFuture()));
        }
        TempDirs.deleteQuietly(dir);
    }

    @Test
    void theOtherHeadKeepsTakingSessionsAndStaysReady() throws Exception {
        dir = Files.createTempDirectory("alknet-cluster-shutdown-");
        KeyPair client = PrivateKeyFiles.generateEd25519(dir.resolve("id_ed25519"));
        PrivateKeyFiles.generateEd25519(dir.resolve("host_ed25519"));
        Files.writeString(dir.resolve("authorized_keys"), PrivateKeyFiles.publicKeyLine(client, "c") + "\n");
        int portA = FreePorts.pickPair();
        int portB = FreePorts.pickPair();
        List<String> members = List.of("127.0.0.1:" + portA, "127.0.0.1:" + portB);
        AlknetServer a = head(new ClusterOptions(true, members, null, "127.0.0.1", portA, "alknet-shutdown-test"));
        AlknetServer b = head(new ClusterOptions(true, members, null, "127.0.0.1", portB, "alknet-shutdown-test"));
        OpsProbe opsB = new OpsProbe(b.opsPort());
        opsB.awaitStatus("/readyz", 200, Duration.ofSeconds(30));

        AlknetTestNodes.await(a.close());

        HttpResponse<String> ready = opsB.get("/readyz");
        assertThat(ready.statusCode()).as("head b after head a shut down: " + ready.body()).isEqualTo(200);
        Vertx clientVertx = AlknetVertx.create();
        vertxes.add(clientVertx);
        AlknetSession session = AlknetTestNodes.await(Alknet.connect(clientVertx, new ConnectOptions()
                .server("127.0.0.1", b.sshPort()).identity(dir.resolve("id_ed25519")).user("c")
                .knownHosts(dir.resolve("known_hosts")).hostKeyFingerprint(b.hostKeyFingerprint()).noSocks5()));
        AlknetTestNodes.await(session.firstSession().timeout(10, TimeUnit.SECONDS));
        assertThat(session.connected()).as("head b takes a new session").isTrue();
        AlknetTestNodes.await(session.close());
    }

    private AlknetServer head(ClusterOptions cluster) throws Exception {
        Vertx vertx = AlknetTestNodes.await(AlknetVertx.createClustered(cluster));
        vertxes.add(vertx);
        return AlknetTestNodes.await(Alknet.serve(vertx, new ServeOptions().dataDir(dir).listen("127.0.0.1", 0)
                .ops("127.0.0.1", 0).cluster(cluster)));
    }
}
