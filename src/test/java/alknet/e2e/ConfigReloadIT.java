package alknet.e2e;

import alknet.api.Alknet;
import alknet.api.AlknetSession;
import alknet.api.AlknetVertx;
import alknet.api.ConnectOptions;
import alknet.auth.KeyFingerprint;
import alknet.auth.PrivateKeyFiles;
import alknet.testsupport.AlknetProcess;
import alknet.testsupport.AlknetTestNodes;
import alknet.testsupport.CoversOption;
import alknet.testsupport.EchoServer;
import alknet.testsupport.FreePorts;
import alknet.testsupport.Socks5TestClient;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Acceptance 6 (20-auth-config.md section 5) with the packaged jar: {@code serve --config FILE}; the file's keys,
 * policy and limits change and SIGHUP applies them: new sessions and new channel opens follow the new config while
 * an existing session stays up. A reload with a syntax error, an unknown key, a bad CIDR or an unreadable key file
 * leaves the old config in force and logs {@code config reload failed reason=FILE:LINE: ...}.
 */
@Timeout(180)
class ConfigReloadIT {
    private static final Duration WAIT = Duration.ofSeconds(40);

    @TempDir
    Path dir;

    private Path toml;
    private int sshPort;
    private int opsPort;
    private String hostFingerprint;

    @Test
    @CoversOption(command = "serve", option = "--config")
    void sighupAppliesTheNewFileAndKeepsTheOldConfigOnErrors() throws Exception {
        KeyPair host = PrivateKeyFiles.generateEd25519(dir.resolve("host_ed25519"));
        hostFingerprint = KeyFingerprint.of(host.getPublic());
        KeyPair alice = PrivateKeyFiles.generateEd25519(dir.resolve("alice"));
        KeyPair bob = PrivateKeyFiles.generateEd25519(dir.resolve("bob"));
        Files.writeString(dir.resolve("keys_v1"), PrivateKeyFiles.publicKeyLine(alice, "alice") + "\n");
        Files.writeString(dir.resolve("keys_v2"), PrivateKeyFiles.publicKeyLine(bob, "bob") + "\n");
        sshPort = FreePorts.pick();
        opsPort = FreePorts.pick();
        toml = dir.resolve("alknet.toml");
        Vertx vertx = AlknetVertx.create();
        try (EchoServer first = EchoServer.start(); EchoServer second = EchoServer.start()) {
            String v1 = config("keys_v1", 6, "2s", second.port());
            String v2 = config("keys_v2", 5, "3s", first.port());
            Files.writeString(toml, v1);
            try (AlknetProcess server = AlknetProcess.builder().name("serve-reload").home(dir)
                    .args("serve", "--config", toml.toString()).start()) {
                server.awaitStderrLine("server listening", WAIT);
                InetAddress loopback = InetAddress.getByName("127.0.0.1");

                AlknetSession aliceSession = connect(vertx, "alice");
                int socks = aliceSession.socks5Port();
                assertThat(connectCode(socks, loopback, first.port())).isEqualTo(Socks5TestClient.REPLY_SUCCEEDED);
                assertThat(connectCode(socks, loopback, second.port())).isEqualTo(Socks5TestClient.REPLY_NOT_ALLOWED);
                assertThat(loginRefused(vertx, "bob")).as("bob before the reload").isTrue();

                Files.writeString(toml, v2);
                int reloaded = count(server, "config reloaded");
                server.signal("HUP");
                String line = awaitNew(server, "config reloaded", reloaded);
                assertThat(line).contains("changed=auth,forwarding,limits");
                // Logged right after "config reloaded": wait for it rather than racing the log line.
                assertThat(server.awaitStderrLine("needs restart: drain_timeout", WAIT)).isNotNull();
                assertNewConfig(vertx, socks, loopback, first.port(), second.port());

                List<String[]> broken = List.of(
                        new String[] {v2.replace("[limits]", "[limits"), "[limits"},
                        new String[] {v2.replace("[limits]\n", "[limits]\nmax_startup = 3\n"), "max_startup = 3"},
                        new String[] {v2 + "[[forwarding.rules]]\ntarget = \"10.1.2.3/8:5432\"\naction = \"allow\"\n",
                                "target = \"10.1.2.3/8:5432\""},
                        new String[] {v2.replace("keys_v2", "unreadable"), "unreadable"});
                Files.createDirectories(dir.resolve("unreadable")); // a directory: cannot be read as a key file
                for (String[] b : broken) {
                    Files.writeString(toml, b[0]);
                    int failed = count(server, "config reload failed reason=");
                    server.signal("HUP");
                    String failure = awaitNew(server, "config reload failed reason=", failed);
                    assertThat(failure).as(b[1]).contains(toml + ":" + lineOf(b[0], b[1]) + ":");
                    assertNewConfig(vertx, socks, loopback, first.port(), second.port());
                }
                assertThat(server.isAlive()).isTrue();
            }
        } finally {
            AlknetTestNodes.await(vertx.close());
        }
    }

    /** After the good reload: bob logs in, alice does not, alice's old session stays and follows the new policy. */
    private void assertNewConfig(Vertx vertx, int aliceSocks, InetAddress loopback, int firstPort, int secondPort)
            throws Exception {
        assertThat(connectCode(aliceSocks, loopback, firstPort)).as("existing session, now denied target")
                .isEqualTo(Socks5TestClient.REPLY_NOT_ALLOWED);
        assertThat(connectCode(aliceSocks, loopback, secondPort)).as("existing session, now allowed target")
                .isEqualTo(Socks5TestClient.REPLY_SUCCEEDED);
        assertThat(loginRefused(vertx, "alice")).as("alice's new login").isTrue();
        AlknetSession bobSession = connect(vertx, "bob");
        AlknetTestNodes.await(bobSession.close());
    }

    private String config(String keys, int maxAuthAttempts, String drain, int deniedPort) {
        return """
                [server]
                listen = "127.0.0.1:%d"
                ops_listen = "127.0.0.1:%d"
                data_dir = "%s"
                drain_timeout = "%s"

                [auth]
                host_key = "%s"
                authorized_keys = "%s"

                [limits]
                max_auth_attempts = %d

                [forwarding]
                default = "allow"
                [[forwarding.rules]]
                target = "127.0.0.1:%d"
                action = "deny"
                """.formatted(sshPort, opsPort, dir.resolve("data"), drain, dir.resolve("host_ed25519"),
                dir.resolve(keys), maxAuthAttempts, deniedPort);
    }

    private ConnectOptions clientOptions(String key) {
        return new ConnectOptions().server("127.0.0.1", sshPort).identity(dir.resolve(key)).user("tester")
                .knownHosts(dir.resolve("known_hosts")).hostKeyFingerprint(hostFingerprint).socks5("127.0.0.1", 0);
    }

    private AlknetSession connect(Vertx vertx, String key) throws Exception {
        AlknetSession s = AlknetTestNodes.await(Alknet.connect(vertx, clientOptions(key)));
        AlknetTestNodes.await(s.firstSession());
        return s;
    }

    private boolean loginRefused(Vertx vertx, String key) throws Exception {
        AlknetSession s = AlknetTestNodes.await(Alknet.connect(vertx, clientOptions(key).noSocks5()));
        try {
            return catchThrowable(() -> AlknetTestNodes.await(s.firstSession())) != null;
        } finally {
            AlknetTestNodes.await(s.close());
        }
    }

    private static int connectCode(int socksPort, InetAddress host, int port) throws Exception {
        Socks5TestClient.Result r = Socks5TestClient.to(socksPort).timeout(Duration.ofSeconds(10)).attempt(host, port);
        if (r.socket() != null) {
            r.socket().close();
        }
        return r.code();
    }

    private static int count(AlknetProcess p, String text) {
        return (int) p.stderrLines().stream().filter(l -> l.contains(text)).count();
    }

    private static String awaitNew(AlknetProcess p, String text, int before) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            List<String> matching = p.stderrLines().stream().filter(l -> l.contains(text)).toList();
            if (matching.size() > before) {
                return matching.get(before);
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no new line with '" + text + "'; stderr:\n" + String.join("\n", p.stderrLines()));
    }

    /** 1-based line of the first line containing {@code text}. */
    private static int lineOf(String file, String text) {
        String[] lines = file.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains(text)) {
                return i + 1;
            }
        }
        throw new AssertionError(text + " not in the file");
    }
}
