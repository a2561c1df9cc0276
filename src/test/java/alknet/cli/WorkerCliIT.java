package alknet.cli;

import alknet.api.CallErrorCode;
import alknet.testsupport.AlknetProcess;
import alknet.testsupport.CoversOption;
import alknet.testsupport.FreePorts;
import alknet.testsupport.ScriptedHead;
import alknet.testsupport.ScriptedHead.Received;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code alknet worker} through the real jar (40-cluster-ops.md sections 1-2) against a head in this JVM that answers
 * the worker contract: the head list, the name (flag or POD_NAME), the heartbeat interval, re-registration after the
 * head restarts, refusals, and the exit codes (0 on SIGTERM, 1 superseded, 2 bad input, 3 host key mismatch).
 */
@Timeout(180)
class WorkerCliIT {
    private static final Duration WAIT = Duration.ofSeconds(40);

    @TempDir
    Path dir;
    private ScriptedHead head;

    @BeforeEach
    void head() throws Exception {
        head = ScriptedHead.start();
    }

    @AfterEach
    void stop() throws Exception {
        head.close();
    }

    private AlknetProcess worker(String name, Map<String, String> env, String... extra) {
        List<String> args = new ArrayList<>(List.of("worker", "--identity", head.clientKey().toString(), "--user", "worker",
                "--known-hosts", dir.resolve("known_hosts").toString()));
        args.addAll(List.of(extra));
        AlknetProcess.Builder builder = AlknetProcess.builder().name(name).home(dir)
                .jvmArgs(CliFixture.JVM_ARGS.toArray(String[]::new)).args(args);
        env.forEach(builder::env);
        return builder.start();
    }

    @Test
    @CoversOption(command = "worker", option = "--head")
    @CoversOption(command = "worker", option = "--name")
    @CoversOption(command = "worker", option = "--heartbeat")
    void triesTheHeadsInOrderRegistersUnderItsNameBeatsAtTheIntervalAndExitsOneWhenSuperseded() throws Exception {
        int closed = FreePorts.pick();
        try (AlknetProcess worker = worker("worker-heads", Map.of(), "--head", "127.0.0.1:" + closed + ",127.0.0.1:" + head.port(),
                "--name", "cli-w1", "--heartbeat", "1")) {
            worker.awaitStderrLine("worker registered name=cli-w1 head=127.0.0.1:" + head.port() + " operations=4", WAIT);
            assertThat(worker.stderrLines()).anyMatch(l -> l.contains("cannot connect to 127.0.0.1:" + closed)
                    && l.contains("trying 127.0.0.1:" + head.port()));
            Received registration = head.registrations().get(0);
            assertThat(registration.input().getString("node")).isEqualTo("cli-w1");
            assertThat(registration.input().getInteger("heartbeatSeconds")).isEqualTo(1);

            List<Received> beats = head.awaitHeartbeats(3, WAIT);
            for (int i = 1; i < beats.size(); i++) {
                double gap = (beats.get(i).atNanos() - beats.get(i - 1).atNanos()) / 1e9;
                assertThat(gap).as("seconds between heartbeats").isBetween(0.5, 2.0);
            }

            head.answerHeartbeats(input -> ScriptedHead.notRegistered("superseded"));
            assertThat(worker.exitCode(WAIT)).isEqualTo(ExitCodes.FAILURE);
            assertThat(worker.stderrLines()).anyMatch(l -> l.contains("same --name and identity"));
        }
    }

    @Test
    void podNameIsTheNameAndTheWorkerOutlivesRefusalsAndHeadRestartsUntilSigterm() throws Exception {
        head.answerRegistrations(input -> ScriptedHead.refuse(CallErrorCode.ACCESS_DENIED, "scope node:register missing"));
        try (AlknetProcess worker = worker("worker-pod", Map.of("POD_NAME", "pod-7", "HOSTNAME", "host-x"),
                "--head", "127.0.0.1:" + head.port())) {
            worker.awaitStderrLine("worker registration refused code=ACCESS_DENIED reason=\"scope node:register missing\"", WAIT);
            head.awaitRegistrations(2, WAIT); // asked again after the backoff
            assertThat(worker.isAlive()).as("a refusal does not stop the worker").isTrue();

            head.answerRegistrations(ScriptedHead::accept);
            worker.awaitStderrLine("worker registered name=pod-7 ", WAIT);
            int before = head.registrations().size();
            head.stop();
            head.startAgain();
            head.awaitRegistrations(before + 1, WAIT);
            assertThat(head.registrations().get(before).input().getString("node")).isEqualTo("pod-7");
            assertThat(head.registrations().get(before).connection()).as("registered again on the new session")
                    .isNotSameAs(head.registrations().get(before - 1).connection());

            worker.signal("TERM");
            assertThat(worker.exitCode(WAIT)).isZero();
        }
    }

    @Test
    @CoversOption(command = "worker", option = "--host-key-fingerprint")
    void withoutANameOrWhenTheHeadRefusesTheSpecsItExitsTwoAndAHostKeyMismatchExitsThree() throws Exception {
        try (AlknetProcess unnamed = worker("worker-unnamed", Map.of("POD_NAME", "", "HOSTNAME", ""),
                "--head", "127.0.0.1:" + head.port())) {
            assertThat(unnamed.exitCode(WAIT)).isEqualTo(ExitCodes.USAGE);
            assertThat(unnamed.stderrLines()).anyMatch(l -> l.contains("missing --name ALIAS") && l.contains("POD_NAME"));
        }
        head.answerRegistrations(input -> ScriptedHead.refuse(CallErrorCode.VALIDATION_ERROR, "operation spec 2: bad inputSchema"));
        try (AlknetProcess invalid = worker("worker-invalid", Map.of(), "--head", "127.0.0.1:" + head.port(), "--name", "w2")) {
            assertThat(invalid.exitCode(WAIT)).isEqualTo(ExitCodes.USAGE);
            assertThat(invalid.stderrLines()).anyMatch(l -> l.contains("VALIDATION_ERROR: operation spec 2: bad inputSchema"));
        }
        try (AlknetProcess pinned = worker("worker-pinned", Map.of(), "--head", "127.0.0.1:" + head.port(), "--name", "w3",
                "--host-key-fingerprint", "SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")) {
            assertThat(pinned.exitCode(WAIT)).isEqualTo(ExitCodes.AUTH_REFUSED);
            assertThat(pinned.stderrLines()).anyMatch(l -> l.contains("host key mismatch for 127.0.0.1:" + head.port()));
        }
    }
}
