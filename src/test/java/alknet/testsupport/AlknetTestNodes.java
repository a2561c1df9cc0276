package alknet.testsupport;

import alknet.api.Alknet;
import alknet.api.AlknetServer;
import alknet.api.AlknetSession;
import alknet.api.AlknetVertx;
import alknet.api.ConnectOptions;
import alknet.api.ServeOptions;
import alknet.auth.PrivateKeyFiles;
import io.vertx.core.Vertx;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * An in-process alknet server and client on 127.0.0.1 with fresh keys: the one-line start for end-to-end tests.
 * <pre>
 * try (AlknetTestNodes nodes = AlknetTestNodes.start()) {
 *     AlknetSession client = nodes.connect(o -> o.addLocalForward(...));
 * }
 * </pre>
 * Everything runs on one Vert.x instance with Prometheus metrics; {@link #close()} stops it all.
 */
public final class AlknetTestNodes implements AutoCloseable {
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final Path dir;
    private final Vertx vertx;
    private final Path clientKey;
    private final AlknetServer server;
    private final List<AlknetSession> clients = new ArrayList<>();

    private AlknetTestNodes(Path dir, Vertx vertx, Path clientKey, AlknetServer server) {
        this.dir = dir;
        this.vertx = vertx;
        this.clientKey = clientKey;
        this.server = server;
    }

    public static AlknetTestNodes start() throws Exception {
        return start(o -> { });
    }

    /** Starts a server (SSH and ops on free loopback ports) whose authorized keys hold one fresh client key. */
    public static AlknetTestNodes start(Consumer<ServeOptions> customize) throws Exception {
        Path dir = Files.createTempDirectory("alknet-test-");
        PrivateKeyFiles.generateEd25519(dir.resolve("host_ed25519"));
        KeyPair client = PrivateKeyFiles.generateEd25519(dir.resolve("id_ed25519"));
        Files.writeString(dir.resolve("authorized_keys"), PrivateKeyFiles.publicKeyLine(client, "test") + "\n");
        ServeOptions options = new ServeOptions().dataDir(dir).listen("127.0.0.1", 0).ops("127.0.0.1", 0);
        customize.accept(options);
        Vertx vertx = AlknetVertx.create();
        try {
            AlknetServer server = Alknet.serve(vertx, options).toCompletionStage().toCompletableFuture()
                    .get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
            return new AlknetTestNodes(dir, vertx, dir.resolve("id_ed25519"), server);
        } catch (Exception e) {
            vertx.close();
            throw e;
        }
    }

    public Vertx vertx() {
        return vertx;
    }

    public AlknetServer server() {
        return server;
    }

    public Path dir() {
        return dir;
    }

    /** The authorized client key (OpenSSH format; its .pub sits beside it). */
    public Path clientKey() {
        return clientKey;
    }

    /** Options for a client of this server: pinned host key, SOCKS5 on a free port, the authorized key. */
    public ConnectOptions clientOptions() {
        return new ConnectOptions()
                .server("127.0.0.1", server.sshPort())
                .identity(clientKey)
                .user("tester")
                .knownHosts(dir.resolve("known_hosts"))
                .hostKeyFingerprint(server.hostKeyFingerprint())
                .socks5("127.0.0.1", 0);
    }

    /** Connects a client and waits until its first session is up. */
    public AlknetSession connect(Consumer<ConnectOptions> customize) throws Exception {
        ConnectOptions options = clientOptions();
        customize.accept(options);
        AlknetSession session = await(Alknet.connect(vertx, options));
        clients.add(session);
        await(session.firstSession());
        return session;
    }

    public AlknetSession connect() throws Exception {
        return connect(o -> { });
    }

    /** Waits for a Vert.x future from a test thread (never call on an event loop). */
    public static <T> T await(io.vertx.core.Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
    }

    /** GETs a path on the server's ops port; returns status and body. */
    public ExternalCommand.Result ops(String path) {
        return ExternalCommand.run(Duration.ofSeconds(10), "curl", "-sS", "-w", "\n%{http_code}",
                "http://127.0.0.1:" + server.opsPort() + path);
    }

    @Override
    public void close() throws Exception {
        for (AlknetSession c : clients) {
            try {
                await(c.close());
            } catch (Exception ignored) {
                // best effort: the Vert.x close below ends everything
            }
        }
        try {
            await(server.close());
        } finally {
            await(vertx.close());
            TempDirs.deleteQuietly(dir);
        }
    }
}
