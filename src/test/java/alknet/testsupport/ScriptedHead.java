package alknet.testsupport;

import alknet.api.Alknet;
import alknet.api.AlknetServer;
import alknet.api.AlknetVertx;
import alknet.api.CallErrorCode;
import alknet.api.CallFailure;
import alknet.api.CallPeer;
import alknet.api.ConnectOptions;
import alknet.api.OperationSpec;
import alknet.api.OperationType;
import alknet.api.ServeOptions;
import alknet.auth.PrivateKeyFiles;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.BooleanSupplier;

/**
 * A real alknet server on 127.0.0.1 whose head operations are scripted (40-cluster-ops.md section 2):
 * {@code /head/services/register} and {@code /head/heartbeat} answer per the worker contract, record every call, and
 * can be told to answer otherwise (refuse, {@code expired}, {@code superseded}), so each worker rule is seen alone. {@link #stop()} and {@link #startAgain()}
 * restart it on the same port with the same host key, so a worker's session is lost and comes back.
 */
public final class ScriptedHead implements AutoCloseable {
    public static final String REGISTER = "/head/services/register";
    public static final String HEARTBEAT = "/head/heartbeat";
    private static final Duration WAIT = Duration.ofSeconds(20);

    /** One call the head received: its input, the caller's identity id, the connection it came on and when (nanoTime). */
    public record Received(JsonObject input, String identity, CallPeer connection, long atNanos) {}

    private final Path dir;
    private final Vertx vertx;
    private final Path clientKey;
    private final List<Received> registrations = new CopyOnWriteArrayList<>();
    private final List<Received> heartbeats = new CopyOnWriteArrayList<>();
    private volatile Function<JsonObject, Future<Object>> registerAnswer = ScriptedHead::accept;
    private volatile Function<JsonObject, Future<Object>> heartbeatAnswer = input -> Future.succeededFuture(
            new JsonObject().put("registered", true));
    private volatile int port;
    private volatile String hostKeyFingerprint;
    private volatile AlknetServer server;

    private ScriptedHead(Path dir, Vertx vertx, Path clientKey) {
        this.dir = dir;
        this.vertx = vertx;
        this.clientKey = clientKey;
    }

    /** A head on a free port whose authorized keys hold one fresh client key ({@link #clientKey()}). */
    public static ScriptedHead start() throws Exception {
        Path dir = Files.createTempDirectory("alknet-head-");
        PrivateKeyFiles.generateEd25519(dir.resolve("host_ed25519"));
        KeyPair client = PrivateKeyFiles.generateEd25519(dir.resolve("id_ed25519"));
        Files.writeString(dir.resolve("authorized_keys"), PrivateKeyFiles.publicKeyLine(client, "worker") + "\n");
        ScriptedHead head = new ScriptedHead(dir, AlknetVertx.create(), dir.resolve("id_ed25519"));
        try {
            head.serve(0);
        } catch (Exception e) {
            head.close();
            throw e;
        }
        return head;
    }

    /**
     * A second head for the same worker: its authorized keys hold {@code other}'s client key; with {@code sameHostKey}
     * it presents {@code other}'s host key, as replicas behind one Service do.
     */
    public static ScriptedHead startBeside(ScriptedHead other, boolean sameHostKey) throws Exception {
        Path dir = Files.createTempDirectory("alknet-head-");
        if (sameHostKey) {
            Files.copy(other.dir.resolve("host_ed25519"), dir.resolve("host_ed25519"));
        } else {
            PrivateKeyFiles.generateEd25519(dir.resolve("host_ed25519"));
        }
        Files.copy(other.dir.resolve("authorized_keys"), dir.resolve("authorized_keys"));
        ScriptedHead head = new ScriptedHead(dir, AlknetVertx.create(), other.clientKey);
        try {
            head.serve(0);
        } catch (Exception e) {
            head.close();
            throw e;
        }
        return head;
    }

    private synchronized void serve(int onPort) throws Exception {
        ServeOptions options = new ServeOptions().dataDir(dir).listen("127.0.0.1", onPort).disableOps()
                .drainTimeout(Duration.ZERO);
        AlknetServer started = await(Alknet.serve(vertx, options));
        // Every server is a head: its own register and heartbeat make way for the scripted ones.
        started.registry().unregister(REGISTER);
        started.registry().unregister(HEARTBEAT);
        started.registry().register(OperationSpec.builder(REGISTER, OperationType.MUTATION).build(), (ctx, input) -> {
            registrations.add(new Received(((JsonObject) input).copy(), ctx.identity().id(), ctx.peer(), System.nanoTime()));
            return registerAnswer.apply((JsonObject) input);
        });
        started.registry().register(OperationSpec.builder(HEARTBEAT, OperationType.MUTATION).build(), (ctx, input) -> {
            heartbeats.add(new Received(((JsonObject) input).copy(), ctx.identity().id(), ctx.peer(), System.nanoTime()));
            return heartbeatAnswer.apply((JsonObject) input);
        });
        server = started;
        port = started.sshPort();
        hostKeyFingerprint = started.hostKeyFingerprint();
    }

    /** The contract's success output for a registration. */
    public static Future<Object> accept(JsonObject input) {
        JsonArray operations = input.getJsonArray("operations", new JsonArray());
        return Future.succeededFuture(new JsonObject().put("node", input.getString("node")).put("head", "scripted-head")
                .put("registrationId", UUID.randomUUID().toString()).put("operations", operations.size())
                .put("heartbeatSeconds", input.getValue("heartbeatSeconds")));
    }

    public static Future<Object> refuse(CallErrorCode code, String message) {
        return Future.failedFuture(CallFailure.of(code, message));
    }

    /** A heartbeat answer for a registration the head no longer holds. */
    public static Future<Object> notRegistered(String reason) {
        return Future.succeededFuture(new JsonObject().put("registered", false).put("reason", reason));
    }

    public void answerRegistrations(Function<JsonObject, Future<Object>> answer) {
        this.registerAnswer = answer;
    }

    public void answerHeartbeats(Function<JsonObject, Future<Object>> answer) {
        this.heartbeatAnswer = answer;
    }

    public int port() {
        return port;
    }

    /** The host key's fingerprint (also while stopped). */
    public String hostKeyFingerprint() {
        return hostKeyFingerprint;
    }

    /** The running server, or null while stopped. */
    public AlknetServer server() {
        return server;
    }

    /** The authorized client key (OpenSSH format). */
    public Path clientKey() {
        return clientKey;
    }

    public Path dir() {
        return dir;
    }

    /** Options for a client of this head: its key, the pinned host key, no SOCKS5. */
    public ConnectOptions clientOptions() {
        return new ConnectOptions().server("127.0.0.1", port).identity(clientKey).user("worker")
                .knownHosts(dir.resolve("known_hosts")).hostKeyFingerprint(hostKeyFingerprint()).noSocks5();
    }

    public List<Received> registrations() {
        return List.copyOf(registrations);
    }

    public List<Received> heartbeats() {
        return List.copyOf(heartbeats);
    }

    /** Waits until {@code count} registrations arrived; returns them all. */
    public List<Received> awaitRegistrations(int count, Duration timeout) throws InterruptedException {
        return awaitCount(registrations, count, timeout, "registrations");
    }

    public List<Received> awaitHeartbeats(int count, Duration timeout) throws InterruptedException {
        return awaitCount(heartbeats, count, timeout, "heartbeats");
    }

    private static List<Received> awaitCount(List<Received> calls, int count, Duration timeout, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (calls.size() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("expected " + count + " " + what + " within " + timeout + ", got " + calls.size()
                        + ": " + calls);
            }
            Thread.sleep(20);
        }
        return List.copyOf(calls);
    }

    /** Waits until {@code condition} holds (checked every 20 ms); fails naming {@code what} after {@code timeout}. */
    public static void awaitTrue(BooleanSupplier condition, Duration timeout, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + timeout + ": " + what);
            }
            Thread.sleep(20);
        }
    }

    /** Closes the server: every session on it ends. The port stays this head's for {@link #startAgain()}. */
    public synchronized void stop() throws Exception {
        if (server != null) {
            await(server.close());
            server = null;
        }
    }

    /** Serves again on the same port with the same host key and the same answers. */
    public synchronized void startAgain() throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            try {
                serve(port);
                return;
            } catch (Exception e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100); // the port may linger for a moment after the close
            }
        }
    }

    public static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    @Override
    public void close() throws Exception {
        try {
            stop();
        } finally {
            try {
                await(vertx.close());
            } finally {
                TempDirs.deleteQuietly(dir);
            }
        }
    }
}
