package alknet.cluster;

import alknet.api.AlknetSession;
import alknet.api.AlknetWorker;
import alknet.api.AuthOptions;
import alknet.api.ConnectOptions;
import alknet.api.OperationSpec;
import alknet.api.OperationType;
import alknet.testsupport.AlknetTestNodes;
import alknet.testsupport.LogCollector;
import alknet.testsupport.ScriptedHead;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The worker loop against a real head (40-cluster-ops.md section 2): its operations are called as /NAME/... through
 * the head, operations added later become callable, a refused alias is retried until an operator grants it (auth
 * reload), and a second worker of the same identity and name takes over while the first stops.
 */
@Timeout(120)
class WorkerThroughHeadTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Duration ONE_SECOND = Duration.ofSeconds(1);

    @BeforeAll
    static void collectLogs() {
        LogCollector.installInProcess();
    }

    /** A head whose client key may register {@code aliases}. */
    private static AlknetTestNodes head(List<String> aliases) throws Exception {
        return AlknetTestNodes.start(o -> o.auth(workerRights(o.auth(), o.dataDir(), aliases)));
    }

    private static AuthOptions workerRights(AuthOptions auth, java.nio.file.Path dataDir, List<String> aliases) {
        try {
            String key = Files.readString(dataDir.resolve("authorized_keys")).trim();
            return auth.withIdentity(key, List.of("relay:connect", HeadOperations.SCOPE),
                    Map.of(HeadOperations.RESOURCE_TYPE, aliases));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void itsOperationsAreCalledThroughTheHeadAndLaterOnesToo() throws Exception {
        try (AlknetTestNodes nodes = head(List.of("w1")); WorkerFixture workers = new WorkerFixture()) {
            AlknetWorker worker = workers.start(nodes.clientOptions().noSocks5(), "w1", ONE_SECOND);
            ScriptedHead.await(worker.firstRegistration());
            AlknetSession caller = nodes.connect(o -> o.noSocks5());

            JsonObject pong = (JsonObject) AlknetTestNodes.await(caller.call("/w1/node/ping", new JsonObject()));
            assertThat(pong.getBoolean("pong")).isTrue();

            worker.registry().register(OperationSpec.builder("/calc/double", OperationType.QUERY).build(),
                    (ctx, input) -> Future.succeededFuture(((JsonObject) input).getInteger("n") * 2));
            ScriptedHead.awaitTrue(() -> callable(caller, "/w1/calc/double"), WAIT, "/w1/calc/double through the head");
            assertThat(AlknetTestNodes.await(caller.call("/w1/calc/double", new JsonObject().put("n", 21)))).isEqualTo(42);

            Thread.sleep(3500); // three heartbeats at 1 s: the head keeps the registration
            assertThat(worker.registered()).isTrue();
            assertThat(AlknetTestNodes.await(caller.call("/w1/calc/double", new JsonObject().put("n", 2)))).isEqualTo(4);
        }
    }

    @Test
    void aRefusedAliasIsAskedForAgainUntilTheOperatorGrantsIt() throws Exception {
        try (AlknetTestNodes nodes = head(List.of("someone-else")); WorkerFixture workers = new WorkerFixture()) {
            int mark = LogCollector.mark();
            AlknetWorker worker = workers.start(nodes.clientOptions().noSocks5(), "w2", Duration.ofSeconds(10));
            ScriptedHead.awaitTrue(() -> LogCollector.linesSince(mark).stream()
                    .anyMatch(l -> l.contains("worker registration refused code=ACCESS_DENIED")), WAIT, "the refusal logged");
            assertThat(worker.firstRegistration().isComplete()).isFalse();

            AlknetTestNodes.await(nodes.server().reloadAuth(workerRights(AuthOptions.DEFAULT, nodes.dir(),
                    List.of("w2"))));
            ScriptedHead.await(worker.firstRegistration().timeout(30, java.util.concurrent.TimeUnit.SECONDS));
            AlknetSession caller = nodes.connect(o -> o.noSocks5());
            assertThat(((JsonObject) AlknetTestNodes.await(caller.call("/w2/node/ping", new JsonObject()))).getBoolean("pong"))
                    .isTrue();
        }
    }

    @Test
    void aSecondWorkerWithTheSameIdentityAndNameTakesOverAndTheFirstStops() throws Exception {
        try (AlknetTestNodes nodes = head(List.of("w3")); WorkerFixture workers = new WorkerFixture()) {
            ConnectOptions options = nodes.clientOptions().noSocks5();
            AlknetWorker first = workers.start(options, "w3", ONE_SECOND);
            ScriptedHead.await(first.firstRegistration());
            AlknetWorker second = workers.start(nodes.clientOptions().noSocks5(), "w3", ONE_SECOND);
            ScriptedHead.await(second.firstRegistration());

            assertThatThrownBy(() -> ScriptedHead.await(first.fatal())).rootCause().isInstanceOf(WorkerSupersededException.class);
            assertThat(first.registered()).isFalse();
            Thread.sleep(2500);
            assertThat(second.registered()).as("the second keeps the name").isTrue();
        }
    }

    private static boolean callable(AlknetSession caller, String operation) {
        try {
            AlknetTestNodes.await(caller.call("/services/schema", new JsonObject().put("name", operation)));
            return true;
        } catch (Exception e) {
            return false;
        }
    }
}
