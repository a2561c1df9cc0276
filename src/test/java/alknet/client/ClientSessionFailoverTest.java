package alknet.client;

import alknet.api.Alknet;
import alknet.api.AlknetSession;
import alknet.api.AlknetVertx;
import alknet.api.ConnectOptions;
import alknet.api.TlsFiles;
import alknet.api.Transport;
import alknet.testsupport.TestCertificates;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import alknet.testsupport.FreePorts;
import alknet.testsupport.LogCollector;
import alknet.testsupport.ScriptedHead;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client with several servers (a worker's {@code --head A,B}, 40-cluster-ops.md section 1): a failed attempt goes on
 * to the next server at once, the backoff only runs after all failed, a lost session starts again from the first, and
 * host keys are known per host:port.
 */
@Timeout(120)
class ClientSessionFailoverTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    private Vertx vertx;
    private AlknetSession session;

    @BeforeAll
    static void collectLogs() {
        LogCollector.installInProcess();
    }

    @BeforeEach
    void vertx() {
        vertx = AlknetVertx.create();
    }

    @AfterEach
    void close() throws Exception {
        if (session != null) {
            ScriptedHead.await(session.close());
        }
        ScriptedHead.await(vertx.close());
    }

    @Test
    void anUnreachableFirstServerIsSkippedWithoutWaiting() throws Exception {
        int closed = FreePorts.pick();
        try (ScriptedHead b = ScriptedHead.start()) {
            ConnectOptions options = b.clientOptions().server("127.0.0.1", closed).addFallbackServer("127.0.0.1", b.port());
            int mark = LogCollector.mark();
            session = ScriptedHead.await(Alknet.connect(vertx, options));
            ScriptedHead.await(session.firstSession());

            List<String> lines = LogCollector.linesSince(mark);
            assertThat(lines).anyMatch(l -> l.contains("cannot connect to 127.0.0.1:" + closed)
                    && l.contains("trying 127.0.0.1:" + b.port()));
            assertThat(lines).anyMatch(l -> l.contains("session up server=127.0.0.1:" + b.port()));
            assertThat(lines).as("no backoff wait between the servers of one round").noneMatch(l -> l.contains("reconnecting to"));
            closeSession();
        }
    }

    @Test
    void whenEveryServerFailsItWaitsTheBackoffAndStartsFromTheFirst(@TempDir Path dir) throws Exception {
        int[] closed = FreePorts.pick(2);
        ConnectOptions options = new ConnectOptions().server("127.0.0.1", closed[0]).addFallbackServer("127.0.0.1", closed[1])
                .identity(key(dir)).knownHosts(dir.resolve("known_hosts")).noSocks5();
        int mark = LogCollector.mark();
        session = ScriptedHead.await(Alknet.connect(vertx, options));
        ScriptedHead.awaitTrue(() -> LogCollector.linesSince(mark).stream()
                .filter(l -> l.contains("trying 127.0.0.1:" + closed[1])).count() >= 2, WAIT, "two rounds over both servers");

        List<String> lines = LogCollector.linesSince(mark);
        assertThat(lines).anyMatch(l -> l.contains("reconnecting to 127.0.0.1:" + closed[0] + " in"));
        assertThat(lines).noneMatch(l -> l.contains("reconnecting to 127.0.0.1:" + closed[1]));
        assertThat(session.connected()).isFalse();
    }

    @Test
    void aLostSessionStartsAgainFromTheFirstServerAndEachServersKeyIsKnownApart() throws Exception {
        try (ScriptedHead a = ScriptedHead.start(); ScriptedHead b = ScriptedHead.startBeside(a, false)) {
            Path knownHosts = a.dir().resolve("client_known_hosts");
            // No pin: trust on first use records each head's own key under its own host:port.
            ConnectOptions options = new ConnectOptions().server("127.0.0.1", a.port()).addFallbackServer("127.0.0.1", b.port())
                    .identity(a.clientKey()).user("worker").knownHosts(knownHosts).noSocks5();
            session = ScriptedHead.await(Alknet.connect(vertx, options));
            ScriptedHead.await(session.firstSession());
            int mark = LogCollector.mark();

            a.stop();
            awaitLine(mark, "session restored server=127.0.0.1:" + b.port());
            assertThat(Files.readAllLines(knownHosts)).containsExactlyInAnyOrder(
                    "127.0.0.1:" + a.port() + " " + a.hostKeyFingerprint(),
                    "127.0.0.1:" + b.port() + " " + b.hostKeyFingerprint());

            a.startAgain();
            int second = LogCollector.mark();
            b.stop();
            awaitLine(second, "session restored server=127.0.0.1:" + a.port());
            assertThat(session.connected()).isTrue();
            closeSession();
        }
    }

    @Test
    void overTlsEachServerIsAskedForByItsOwnNameUnlessOneIsGiven(@TempDir Path dir) throws Exception {
        TlsFiles tls = new TlsFiles(dir.resolve("cert.pem"), dir.resolve("key.pem"));
        TestCertificates.write(tls, "localhost", "DNS:localhost,DNS:heads.example,IP:127.0.0.1");
        BlockingQueue<String> first = new ArrayBlockingQueue<>(64);
        BlockingQueue<String> second = new ArrayBlockingQueue<>(64);
        NetServer one = sniRecorder(tls, first);
        NetServer two = sniRecorder(tls, second);
        ConnectOptions options = new ConnectOptions().server("localhost", one.actualPort())
                .addFallbackServer("127.0.0.1", two.actualPort()).transport(Transport.TLS).tlsCa(tls.cert())
                .identity(key(dir)).knownHosts(dir.resolve("known_hosts")).noSocks5();
        // What a client of the second server alone indicates (an IP address is not a host name for SNI).
        String secondsOwn = indicated(new ConnectOptions().server("127.0.0.1", two.actualPort()).transport(Transport.TLS)
                .tlsCa(tls.cert()).identity(key(dir)).knownHosts(dir.resolve("known_hosts")).noSocks5(), second);
        first.clear();

        assertThat(indicated(options, first)).isEqualTo("localhost");
        assertThat(second.poll(10, TimeUnit.SECONDS)).as("the second server, by its own name").isEqualTo(secondsOwn)
                .isNotEqualTo("localhost");
        closeSession();
        first.clear();
        second.clear();

        options.tlsServerName("heads.example");
        assertThat(indicated(options, first)).isEqualTo("heads.example");
        assertThat(second.poll(10, TimeUnit.SECONDS)).as("--tls-server-name for every server").isEqualTo("heads.example");
        closeSession();
    }

    private NetServer sniRecorder(TlsFiles tls, BlockingQueue<String> names) throws Exception {
        NetServer recorder = vertx.createNetServer(new NetServerOptions().setSsl(true).setKeyCertOptions(tls.keyCertOptions())
                .setSni(true)).connectHandler(socket -> {
                    names.offer(String.valueOf(socket.indicatedServerName()));
                    socket.close(); // the attempt fails: the client goes on to the next server
                });
        return ScriptedHead.await(recorder.listen(0, "127.0.0.1"));
    }

    /** Connects with {@code options} and returns the first name {@code recorder} saw; the session stays (closeSession). */
    private String indicated(ConnectOptions options, BlockingQueue<String> recorder) throws Exception {
        session = ScriptedHead.await(Alknet.connect(vertx, options));
        String name = recorder.poll(10, TimeUnit.SECONDS);
        assertThat(name).as("no TLS connection reached the recorder").isNotNull();
        if (options.servers().size() == 1) {
            closeSession();
        }
        return name;
    }

    /** Before the heads go, so the session does not start reconnecting to them. */
    private void closeSession() throws Exception {
        ScriptedHead.await(session.close());
        session = null;
    }

    private static void awaitLine(int mark, String text) throws InterruptedException {
        ScriptedHead.awaitTrue(() -> LogCollector.linesSince(mark).stream().anyMatch(l -> l.contains(text)), WAIT, text);
    }

    private static Path key(Path dir) {
        Path key = dir.resolve("id_ed25519");
        if (!Files.exists(key)) {
            alknet.auth.PrivateKeyFiles.generateEd25519(key);
        }
        return key;
    }
}
