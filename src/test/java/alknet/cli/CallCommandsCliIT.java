package alknet.cli;

import alknet.api.OperationSpec;
import alknet.api.OperationType;
import alknet.testsupport.AlknetProcess;
import alknet.testsupport.AlknetTestNodes;
import alknet.testsupport.CoversOption;
import alknet.testsupport.ExternalCommand;
import alknet.testsupport.FreePorts;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.DataOutputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code alknet call}, {@code events} and {@code publish} through the real command line against a server
 * (30-call-protocol.md section 6), and {@code serve --raw-listen/--max-frame} against a raw client written in Python.
 */
@Timeout(180)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CallCommandsCliIT {
    private static final Duration EXIT = Duration.ofSeconds(40);

    private AlknetTestNodes nodes;
    private Path dir;

    @BeforeAll
    void start(@TempDir Path tmp) throws Exception {
        dir = tmp;
        nodes = AlknetTestNodes.start(o -> o.auth(o.auth().withDefaultScopes(
                List.of("relay:connect", "pubsub:subscribe", "pubsub:publish"))));
        nodes.server().registry().register(OperationSpec.builder("/test/never", OperationType.QUERY).build(),
                (ctx, input) -> Promise.promise().future());
        nodes.server().registry().register(OperationSpec.builder("/test/ticks", OperationType.SUBSCRIPTION).build(),
                (ctx, input, sink) -> {
                    for (int i = 0; i < 3; i++) {
                        sink.next(new JsonObject().put("tick", i));
                    }
                    sink.complete();
                });
    }

    @AfterAll
    void stop() throws Exception {
        nodes.close();
    }

    private AlknetProcess cli(String name, String command, String... extra) {
        List<String> args = new ArrayList<>(List.of(command, "--server", "127.0.0.1:" + nodes.server().sshPort(),
                "--identity", nodes.clientKey().toString(), "--user", "tester",
                "--known-hosts", dir.resolve("known_hosts").toString()));
        args.addAll(List.of(extra));
        return AlknetProcess.builder().name(name).home(dir).jvmArgs(CliFixture.JVM_ARGS.toArray(String[]::new))
                .args(args).start();
    }

    @Test
    @CoversOption(command = "call", option = "--server")
    @CoversOption(command = "call", option = "--identity")
    @CoversOption(command = "call", option = "--known-hosts")
    void callPrintsTheResultAsJsonAndCallErrorsExitOneNamingTheCode() throws Exception {
        try (AlknetProcess ping = cli("call-ping", "call", "/node/ping")) {
            assertThat(ping.exitCode(EXIT)).isZero();
            JsonObject pong = new JsonObject(ping.stdoutLines().get(0));
            assertThat(pong.getBoolean("pong")).isTrue();
        }
        try (AlknetProcess missing = cli("call-missing", "call", "/no/such", "{\"a\": 1}")) {
            assertThat(missing.exitCode(EXIT)).isEqualTo(1);
            assertThat(missing.stderrLines()).anyMatch(l -> l.startsWith("OPERATION_NOT_FOUND: "));
            assertThat(missing.stdoutLines()).isEmpty();
        }
        try (AlknetProcess notJson = cli("call-not-json", "call", "/node/ping", "{oops")) {
            assertThat(notJson.exitCode(EXIT)).isEqualTo(2);
            assertThat(notJson.stderrLines()).anyMatch(l -> l.contains("is not JSON"));
        }
    }

    @Test
    @CoversOption(command = "call", option = "--host-key-fingerprint")
    void callChecksTheHostKeyLikeConnect() throws Exception {
        try (AlknetProcess pinned = cli("call-wrong-pin", "call", "--host-key-fingerprint",
                "SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "/node/ping")) {
            assertThat(pinned.exitCode(EXIT)).isEqualTo(3);
            assertThat(pinned.stdoutLines()).isEmpty();
        }
    }

    @Test
    @CoversOption(command = "call", option = "--timeout")
    void callGivesUpAfterTheTimeoutWithTimeout() throws Exception {
        long started = System.nanoTime();
        try (AlknetProcess never = cli("call-timeout", "call", "--timeout", "2s", "/test/never")) {
            assertThat(never.exitCode(EXIT)).isEqualTo(1);
            assertThat(never.stderrLines()).anyMatch(l -> l.startsWith("TIMEOUT: "));
        }
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(25));
    }

    @Test
    void aSubscriptionPrintsEveryEventThenExits() throws Exception {
        try (AlknetProcess ticks = cli("call-ticks", "call", "/test/ticks")) {
            assertThat(ticks.exitCode(EXIT)).isZero();
            assertThat(ticks.stdoutLines()).containsExactly("{\"tick\":0}", "{\"tick\":1}", "{\"tick\":2}");
        }
    }

    @Test
    @CoversOption(command = "events", option = "--count")
    @CoversOption(command = "events", option = "--server")
    @CoversOption(command = "publish", option = "--server")
    @CoversOption(command = "publish", option = "--identity")
    void eventsPrintsWhatPublishSendsInOrder() throws Exception {
        try (AlknetProcess events = cli("events", "events", "--count", "3", "builds")) {
            events.awaitStderrLine("subscribed to topic builds", EXIT);
            for (int i = 0; i < 3; i++) {
                try (AlknetProcess publish = cli("publish-" + i, "publish", "builds", "build.done", "{\"n\": " + i + "}")) {
                    assertThat(publish.exitCode(EXIT)).as("publish exit code").isZero();
                }
            }
            assertThat(events.exitCode(EXIT)).isZero();
            assertThat(events.stdoutLines()).extracting(l -> new JsonObject(l).getJsonObject("payload").getInteger("n"))
                    .containsExactly(0, 1, 2);
            assertThat(new JsonObject(events.stdoutLines().get(0)).getString("type")).isEqualTo("build.done");
        }
    }

    @Test
    @CoversOption(command = "serve", option = "--raw-listen")
    @CoversOption(command = "serve", option = "--max-frame")
    void serveRawListenTakesTokenAuthenticatedFramesUpToTheMaximum() throws Exception {
        CliFixture fixture = new CliFixture(dir.resolve("raw"));
        Path toml = Files.writeString(dir.resolve("raw.toml"), "[auth.token]\nenabled = true\n");
        int sshPort = FreePorts.pick();
        int rawPort = FreePorts.pick();
        try (fixture; AlknetProcess serve = fixture.serve("serve-raw", fixture.serveArgs(sshPort, "--config", toml.toString(),
                "--raw-listen", "127.0.0.1:" + rawPort, "--max-frame", "4096", "--no-ops"), java.util.Map.of())) {
            serve.awaitStderrLine("raw call carrier listening port=" + rawPort, EXIT);
            String token;
            try (AlknetProcess issue = fixture.start("token", List.of("token", "--identity",
                    fixture.client.privateKey().toString()), java.util.Map.of())) {
                assertThat(issue.exitCode(EXIT)).isZero();
                token = issue.stdoutLines().get(0).strip();
            }
            ExternalCommand.Result ping = python(rawPort, "--token", token);
            assertThat(ping.exitCode()).as(ping.toString()).isZero();
            assertThat(ping.stdout()).contains("\"pong\": true");
            ExternalCommand.Result bigInput = python(rawPort, "--token", token, "--input",
                    "{\"pad\": \"" + "x".repeat(5000) + "\"}");
            assertThat(bigInput.exitCode()).as("a frame over --max-frame closes the connection").isEqualTo(3);
            ExternalCommand.Result noToken = python(rawPort, "--token", "not-a-token");
            assertThat(noToken.exitCode()).as("a bad __auth closes the connection").isEqualTo(3);
            assertThat(python(rawPort, "--token", token).exitCode()).as("the listener keeps serving").isZero();
            try (Socket s = new Socket("127.0.0.1", rawPort)) {
                new DataOutputStream(s.getOutputStream()).writeInt(Integer.MAX_VALUE);
                s.setSoTimeout(5_000);
                assertThat(s.getInputStream().read()).as("a huge length prefix closes at once").isEqualTo(-1);
            }
        }
    }

    private static ExternalCommand.Result python(int port, String... extra) throws Exception {
        List<String> command = new ArrayList<>(List.of("python3",
                Path.of(CallCommandsCliIT.class.getResource("/alknet/call/raw/raw_call_client.py").toURI()).toString(),
                "--port", String.valueOf(port)));
        command.addAll(List.of(extra));
        return ExternalCommand.run(Duration.ofSeconds(30), command.toArray(String[]::new));
    }
}
