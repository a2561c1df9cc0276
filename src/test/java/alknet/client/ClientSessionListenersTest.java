package alknet.client;

import alknet.api.Alknet;
import alknet.api.AlknetSession;
import alknet.api.AlknetVertx;
import alknet.api.OperationSpec;
import alknet.api.OperationType;
import alknet.testsupport.ScriptedHead;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Session-state listeners are per session: with several clients in one Vert.x (in-JVM workers), a reconnect of one
 * tells that client only; its control channel comes back, the others' listeners stay quiet.
 */
@Timeout(120)
class ClientSessionListenersTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void aReconnectTellsOnlyTheSessionThatReconnected() throws Exception {
        Vertx vertx = AlknetVertx.create();
        try (ScriptedHead headA = ScriptedHead.start(); ScriptedHead headB = ScriptedHead.start()) {
            AlknetSession a = ScriptedHead.await(Alknet.connect(vertx, headA.clientOptions()));
            AlknetSession b = ScriptedHead.await(Alknet.connect(vertx, headB.clientOptions()));
            ScriptedHead.await(Future.all(a.firstSession(), b.firstSession()));
            AtomicInteger upA = new AtomicInteger();
            AtomicInteger upB = new AtomicInteger();
            a.onSessionUp(v -> upA.incrementAndGet());
            b.onSessionUp(v -> upB.incrementAndGet());
            ScriptedHead.awaitTrue(() -> upA.get() == 1 && upB.get() == 1, WAIT, "each handler told of the session already up");
            // An operation of its own keeps a client's control channel open, and reopened after each reconnect.
            a.registry().register(OperationSpec.builder("/app/a", OperationType.QUERY).build(), (ctx, in) -> Future.succeededFuture("a"));
            b.registry().register(OperationSpec.builder("/app/b", OperationType.QUERY).build(), (ctx, in) -> Future.succeededFuture("b"));
            ScriptedHead.awaitTrue(() -> headA.server().peers().size() == 1 && headB.server().peers().size() == 1, WAIT,
                    "both control channels open");

            headA.stop();
            headA.startAgain();
            ScriptedHead.awaitTrue(() -> upA.get() == 2, WAIT, "session A's handler told of the reconnect");
            ScriptedHead.awaitTrue(() -> headA.server().peers().size() == 1, WAIT, "A's control channel reopened unasked");
            assertThat(ScriptedHead.await(headA.server().peers().get(0).call("/app/a", null))).isEqualTo("a");

            Thread.sleep(500); // a listener reacting to A's reconnect would have run by now
            assertThat(upB.get()).as("B's handler is not told of A's reconnect").isEqualTo(1);
            assertThat(headB.server().peers()).as("B's control channel untouched").hasSize(1);
            assertThat(headB.server().peers().get(0).closed().isComplete()).isFalse();
            ScriptedHead.await(Future.all(a.close(), b.close()));
        } finally {
            ScriptedHead.await(vertx.close());
        }
    }
}
