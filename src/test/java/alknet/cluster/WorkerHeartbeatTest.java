package alknet.cluster;

import alknet.api.AlknetWorker;
import alknet.api.CallErrorCode;
import alknet.testsupport.LogCollector;
import alknet.testsupport.ScriptedHead;
import alknet.testsupport.ScriptedHead.Received;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static alknet.cluster.WorkerFixture.WAIT;
import static alknet.cluster.WorkerFixture.secondsBetween;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A registered worker calls {@code /head/heartbeat} every interval (40-cluster-ops.md section 2); a head that no longer
 * holds the registration ({@code expired}, {@code unknown}) or a failed heartbeat gets a registration at once, and
 * {@code superseded} stops the worker.
 */
@Timeout(120)
class WorkerHeartbeatTest {
    private static final Duration ONE_SECOND = Duration.ofSeconds(1);

    @BeforeAll
    static void collectLogs() {
        LogCollector.installInProcess();
    }

    @Test
    void heartbeatsEveryIntervalWithItsName() throws Exception {
        try (ScriptedHead head = ScriptedHead.start(); WorkerFixture workers = new WorkerFixture()) {
            AlknetWorker worker = workers.start(head.clientOptions(), "beat-1", ONE_SECOND);
            ScriptedHead.await(worker.firstRegistration());
            assertThat(head.registrations().get(0).input().getInteger("heartbeatSeconds")).isEqualTo(1);

            List<Received> beats = head.awaitHeartbeats(4, WAIT);
            assertThat(beats).extracting(Received::input).containsOnly(new JsonObject().put("node", "beat-1"));
            assertThat(secondsBetween(head.registrations().get(0), beats.get(0))).isBetween(0.5, 2.0);
            for (int i = 1; i < beats.size(); i++) {
                assertThat(secondsBetween(beats.get(i - 1), beats.get(i))).as("gap before beat %d", i).isBetween(0.5, 2.0);
            }
            assertThat(head.registrations()).as("no registration while the beats are answered").hasSize(1);
        }
    }

    @Test
    void expiredOrUnknownRegistersAgainAtOnce() throws Exception {
        try (ScriptedHead head = ScriptedHead.start(); WorkerFixture workers = new WorkerFixture()) {
            AtomicInteger beat = new AtomicInteger();
            head.answerHeartbeats(input -> switch (beat.incrementAndGet()) {
                case 2 -> ScriptedHead.notRegistered("expired");
                case 4 -> ScriptedHead.notRegistered("unknown");
                default -> Future.succeededFuture(new JsonObject().put("registered", true));
            });
            int mark = LogCollector.mark();
            AlknetWorker worker = workers.start(head.clientOptions(), "beat-2", ONE_SECOND);

            List<Received> registrations = head.awaitRegistrations(3, WAIT);
            List<Received> beats = head.heartbeats();
            assertThat(secondsBetween(beats.get(1), registrations.get(1))).as("registered right after 'expired'").isLessThan(0.9);
            assertThat(secondsBetween(beats.get(3), registrations.get(2))).as("registered right after 'unknown'").isLessThan(0.9);
            assertThat(LogCollector.linesSince(mark)).anyMatch(l -> l.contains("worker heartbeat lost; registering again")
                    && l.contains("name=beat-2") && l.contains("reason=expired"));
            head.awaitHeartbeats(6, WAIT);
            assertThat(worker.registered()).isTrue();
        }
    }

    @Test
    void aFailedHeartbeatRegistersAgain() throws Exception {
        try (ScriptedHead head = ScriptedHead.start(); WorkerFixture workers = new WorkerFixture()) {
            AtomicInteger beat = new AtomicInteger();
            head.answerHeartbeats(input -> beat.incrementAndGet() == 1
                    ? ScriptedHead.refuse(CallErrorCode.UNAVAILABLE, "control channel closed")
                    : Future.succeededFuture(new JsonObject().put("registered", true)));
            workers.start(head.clientOptions(), "beat-3", ONE_SECOND);
            List<Received> registrations = head.awaitRegistrations(2, WAIT);
            assertThat(secondsBetween(head.heartbeats().get(0), registrations.get(1))).isLessThan(0.9);
        }
    }

    @Test
    void supersededStopsTheWorker() throws Exception {
        try (ScriptedHead head = ScriptedHead.start(); WorkerFixture workers = new WorkerFixture()) {
            head.answerHeartbeats(input -> ScriptedHead.notRegistered("superseded"));
            int mark = LogCollector.mark();
            AlknetWorker worker = workers.start(head.clientOptions(), "beat-4", ONE_SECOND);

            assertThatThrownBy(() -> ScriptedHead.await(worker.fatal())).rootCause()
                    .isInstanceOf(WorkerSupersededException.class).hasMessageContaining("same --name and identity");
            assertThat(worker.registered()).isFalse();
            assertThat(LogCollector.linesSince(mark)).anyMatch(l -> l.contains("worker superseded; stopping name=beat-4"));
            int beats = head.heartbeats().size();
            Thread.sleep(2500);
            assertThat(head.heartbeats()).as("no heartbeat after superseded").hasSize(beats);
            assertThat(head.registrations()).as("no registration after superseded").hasSize(1);
        }
    }

    @Test
    void closingTheWorkerStopsItsHeartbeats() throws Exception {
        try (ScriptedHead head = ScriptedHead.start(); WorkerFixture workers = new WorkerFixture()) {
            AlknetWorker worker = workers.start(head.clientOptions(), "beat-5", ONE_SECOND);
            head.awaitHeartbeats(1, WAIT);
            ScriptedHead.await(worker.close());
            int beats = head.heartbeats().size();
            Thread.sleep(2000);
            assertThat(head.heartbeats()).hasSize(beats);
            assertThat(worker.session().connected()).isFalse();
        }
    }
}
