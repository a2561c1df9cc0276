package alknet.cluster;

import alknet.api.AlknetSession;
import alknet.api.CallErrorCode;
import alknet.api.CallFailure;
import alknet.api.CallSubscription;
import alknet.api.OperationSpec;
import alknet.api.OperationType;
import alknet.auth.PrivateKeyFiles;
import alknet.testsupport.AlknetTestNodes;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Workers behind one head without a cluster (40-cluster-ops.md section 2): registration with scope and alias rights,
 * calls and subscriptions for {@code /ALIAS/...} through the head, /services/list, alias ownership, and the ways a
 * registration ends (session closed, heartbeats lost). Real SSH sessions on loopback; the worker side speaks the
 * register/heartbeat protocol by hand, so each rule is seen on its own.
 */
@Timeout(60)
class SingleHeadWorkersTest {
    private static final List<String> WORKER_SCOPES = List.of("relay:connect", HeadOperations.SCOPE);

    @Test
    void aRegisteredWorkerIsCalledThroughTheHeadWithItsOperationsListed() throws Exception {
        try (AlknetTestNodes nodes = start()) {
            AlknetSession worker = worker(nodes, nodes.clientKey());
            register(worker, "w1", 10);
            AlknetSession caller = nodes.connect(o -> o.noSocks5());

            JsonObject sum = (JsonObject) AlknetTestNodes.await(caller.call("/w1/calc/add",
                    new JsonObject().put("a", 2).put("b", 40)));
            assertThat(sum.getInteger("sum")).isEqualTo(42);

            CallSubscription ticks = AlknetTestNodes.await(caller.subscribe("/w1/clock/ticks", new JsonObject()));
            List<Object> events = new CopyOnWriteArrayList<>();
            ticks.handler(events::add);
            AlknetTestNodes.await(ticks.done());
            assertThat(events).hasSize(3);

            JsonArray listed = ((JsonObject) AlknetTestNodes.await(caller.call("/services/list", new JsonObject())))
                    .getJsonArray("operations");
            assertThat(listed.stream().map(o -> ((JsonObject) o).getString("name")))
                    .contains("/w1/calc/add", "/w1/clock/ticks", "/w1/node/info", HeadOperations.REGISTER);
            JsonObject schema = (JsonObject) AlknetTestNodes.await(caller.call("/services/schema",
                    new JsonObject().put("name", "/w1/calc/add")));
            assertThat(schema.getString("namespace")).isEqualTo("w1");

            assertThat(failure(caller.call("/w1/calc/add", new JsonObject().put("a", "two"))))
                    .as("the head checks the worker's input schema").isEqualTo(CallErrorCode.VALIDATION_ERROR);
            assertThat(failure(caller.call("/w1/calc/nope", new JsonObject())))
                    .isEqualTo(CallErrorCode.OPERATION_NOT_FOUND);
        }
    }

    @Test
    void anAliasHeldByAnotherIdentityIsRefusedAndTheSameIdentityTakesItOver() throws Exception {
        try (AlknetTestNodes nodes = start()) {
            AlknetSession first = worker(nodes, nodes.clientKey());
            register(first, "w1", 10);
            AlknetSession stranger = worker(nodes, nodes.dir().resolve("other_ed25519"));
            assertThat(failure(stranger.call(HeadOperations.REGISTER, registration("w1", 10))))
                    .as("alias theft").isEqualTo(CallErrorCode.ACCESS_DENIED);

            AlknetSession second = worker(nodes, nodes.clientKey());
            register(second, "w1", 10);
            JsonObject beat = (JsonObject) AlknetTestNodes.await(first.call(HeadOperations.HEARTBEAT,
                    new JsonObject().put("node", "w1")));
            assertThat(beat.getBoolean("registered")).isFalse();
            assertThat(beat.getString("reason")).isEqualTo("superseded");
            AlknetSession caller = nodes.connect(o -> o.noSocks5());
            assertThat(((JsonObject) AlknetTestNodes.await(caller.call("/w1/calc/add",
                    new JsonObject().put("a", 1).put("b", 1)))).getInteger("sum")).isEqualTo(2);
        }
    }

    @Test
    void badRegistrationsGetClearErrorsAndTheHeadKeepsServing() throws Exception {
        try (AlknetTestNodes nodes = start()) {
            AlknetSession noScope = worker(nodes, nodes.dir().resolve("plain_ed25519"));
            assertThat(failure(noScope.call(HeadOperations.REGISTER, registration("other", 10))))
                    .as("without node:register").isEqualTo(CallErrorCode.ACCESS_DENIED);
            AlknetSession limited = worker(nodes, nodes.dir().resolve("other_ed25519"));
            assertThat(failure(limited.call(HeadOperations.REGISTER, registration("w9", 10))))
                    .as("an alias outside resources.node").isEqualTo(CallErrorCode.ACCESS_DENIED);

            AlknetSession worker = worker(nodes, nodes.clientKey());
            assertThat(failure(worker.call(HeadOperations.REGISTER, registration("head", 10))))
                    .as("reserved alias").isEqualTo(CallErrorCode.VALIDATION_ERROR);
            assertThatThrownBy(() -> AlknetTestNodes.await(worker.call(HeadOperations.REGISTER,
                    registration("bad/alias", 10)))).rootCause().isInstanceOf(CallFailure.class)
                    .hasMessageContaining("letters, digits")
                    .satisfies(e -> assertThat(((CallFailure) e).knownCode()).isEqualTo(CallErrorCode.VALIDATION_ERROR));
            assertThat(failure(worker.call(HeadOperations.REGISTER, new JsonObject().put("node", "w2")
                    .put("operations", new JsonArray().add(new JsonObject().put("name", "nope"))))))
                    .as("malformed spec").isEqualTo(CallErrorCode.VALIDATION_ERROR);
            assertThat(failure(worker.call(HeadOperations.REGISTER, new JsonObject().put("node", "w2")
                    .put("operations", new JsonArray().add(new JsonObject().put("name", "/a/b").put("type", "query")
                            .put("inputSchema", new JsonObject().put("$ref", "#/nowhere")))))))
                    .as("unusable schema").isEqualTo(CallErrorCode.VALIDATION_ERROR);

            List<CallErrorCode> flood = new java.util.ArrayList<>();
            for (int i = 0; i < 20; i++) {
                try {
                    AlknetTestNodes.await(worker.call(HeadOperations.REGISTER, fullRegistration(worker, "w2", 10)));
                } catch (Exception e) {
                    flood.add(((CallFailure) rootCause(e)).knownCode());
                }
            }
            assertThat(flood).as("a flood of registrations is cut off").isNotEmpty()
                    .allMatch(c -> c == CallErrorCode.UNAVAILABLE);
            AlknetSession caller = nodes.connect(o -> o.noSocks5());
            assertThat(((JsonObject) AlknetTestNodes.await(caller.call("/w2/calc/add",
                    new JsonObject().put("a", 3).put("b", 4)))).getInteger("sum")).isEqualTo(7);
        }
    }

    @Test
    void aClosedSessionIsGoneAtOnceAndALostHeartbeatWithinThreeBeats() throws Exception {
        try (AlknetTestNodes nodes = start()) {
            AlknetSession caller = nodes.connect(o -> o.noSocks5());
            AlknetSession closing = worker(nodes, nodes.clientKey());
            register(closing, "w1", 10);
            AlknetTestNodes.await(closing.close());
            awaitGone(caller, "w1", Duration.ofSeconds(2));
            assertThat(failure(caller.call("/w1/calc/add", new JsonObject().put("a", 1).put("b", 1))))
                    .as("a departed worker is retryable").isEqualTo(CallErrorCode.UNAVAILABLE);

            AlknetSession silent = worker(nodes, nodes.clientKey());
            register(silent, "w3", 1);
            long started = System.nanoTime();
            awaitGone(caller, "w3", Duration.ofSeconds(6));
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThan(Duration.ofMillis(2_500));
            JsonObject beat = (JsonObject) AlknetTestNodes.await(silent.call(HeadOperations.HEARTBEAT,
                    new JsonObject().put("node", "w3")));
            assertThat(beat.getString("reason")).isEqualTo("expired");
        }
    }

    private static AlknetTestNodes start() throws Exception {
        return AlknetTestNodes.start(o -> {
            try {
                String workerKey = Files.readString(o.dataDir().resolve("authorized_keys")).trim();
                String otherKey = addKey(o.dataDir(), "other_ed25519");
                addKey(o.dataDir(), "plain_ed25519");
                o.auth(o.auth()
                        .withIdentity(workerKey, WORKER_SCOPES, Map.of(HeadOperations.RESOURCE_TYPE, List.of("*")))
                        .withIdentity(otherKey, WORKER_SCOPES, Map.of(HeadOperations.RESOURCE_TYPE, List.of("w1", "other"))));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** A fresh authorized key with default rights; its public key line. */
    private static String addKey(Path dir, String name) throws Exception {
        KeyPair key = PrivateKeyFiles.generateEd25519(dir.resolve(name));
        String line = PrivateKeyFiles.publicKeyLine(key, name);
        Files.writeString(dir.resolve("authorized_keys"), line + "\n", java.nio.file.StandardOpenOption.APPEND);
        return line;
    }

    /** A session with a worker's operations: /calc/add (query) and /clock/ticks (subscription). */
    private static AlknetSession worker(AlknetTestNodes nodes, Path key) throws Exception {
        AlknetSession session = nodes.connect(o -> o.noSocks5().identity(key));
        session.registry().register(OperationSpec.builder("/calc/add", OperationType.QUERY)
                .inputSchema(new JsonObject().put("type", "object").put("properties", new JsonObject()
                        .put("a", new JsonObject().put("type", "integer")).put("b", new JsonObject().put("type", "integer"))))
                .build(), (ctx, input) -> Future.succeededFuture(new JsonObject()
                .put("sum", ((JsonObject) input).getInteger("a") + ((JsonObject) input).getInteger("b"))));
        session.registry().register(OperationSpec.builder("/clock/ticks", OperationType.SUBSCRIPTION).build(),
                (ctx, input, sink) -> {
                    for (int i = 0; i < 3; i++) {
                        sink.next(new JsonObject().put("tick", i));
                    }
                    sink.complete();
                });
        return session;
    }

    private static JsonObject registration(String alias, int heartbeatSeconds) {
        return new JsonObject().put("node", alias).put("heartbeatSeconds", heartbeatSeconds)
                .put("operations", new JsonArray());
    }

    /** A registration with every operation of the worker's registry, built-ins included. */
    private static JsonObject fullRegistration(AlknetSession worker, String alias, int heartbeatSeconds) {
        JsonArray specs = new JsonArray();
        worker.registry().specs().forEach(s -> specs.add(s.toJson()));
        return registration(alias, heartbeatSeconds).put("operations", specs);
    }

    private static void register(AlknetSession worker, String alias, int heartbeatSeconds) throws Exception {
        JsonObject registration = fullRegistration(worker, alias, heartbeatSeconds);
        JsonObject reply = (JsonObject) AlknetTestNodes.await(worker.call(HeadOperations.REGISTER, registration));
        assertThat(reply.getString("node")).isEqualTo(alias);
        assertThat(reply.getInteger("operations")).isEqualTo(registration.getJsonArray("operations").size());
    }

    private static void awaitGone(AlknetSession caller, String alias, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            JsonArray listed = ((JsonObject) AlknetTestNodes.await(caller.call("/services/list", new JsonObject())))
                    .getJsonArray("operations");
            if (listed.stream().noneMatch(o -> ((JsonObject) o).getString("name").startsWith("/" + alias + "/"))) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("worker " + alias + " still listed after " + within);
    }

    private static CallErrorCode failure(Future<Object> call) {
        try {
            AlknetTestNodes.await(call);
        } catch (Exception e) {
            return ((CallFailure) rootCause(e)).knownCode();
        }
        throw new AssertionError("the call succeeded");
    }

    private static Throwable rootCause(Throwable e) {
        Throwable c = e;
        while (c.getCause() != null) {
            c = c.getCause();
        }
        return c;
    }
}
