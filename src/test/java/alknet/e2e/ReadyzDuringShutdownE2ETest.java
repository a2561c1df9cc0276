package alknet.e2e;

import alknet.api.AlknetSession;
import alknet.api.Tunnel;
import alknet.testsupport.EchoServer;
import alknet.testsupport.AlknetTestNodes;
import io.vertx.core.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Acceptance 11, shutdown: while a client session is open, server.close() (drain timeout 2 s) is started; a
 * poller hitting /readyz back to back must see 503 before the ops port goes away, and never 200 again after
 * the first 503.
 *
 * <p>The window is short: ServerNode.close() publishes shutdown, stops accepting, disconnects every session and
 * then polls every 50 ms until no session is left (or the drain timeout), and only then undeploys the ops
 * verticle. With a cooperative client the drain ends at the first 50 ms tick, so the 503 window is roughly
 * 50-100 ms; a back-to-back poller (about 1 ms per request on loopback) sees it many times.
 */
@Timeout(60)
class ReadyzDuringShutdownE2ETest {
    @Test
    void readyzTurns503BeforeTheOpsPortCloses() throws Exception {
        AlknetTestNodes nodes = AlknetTestNodes.start(o -> o.drainTimeout(Duration.ofSeconds(2)));
        try {
            alknet.testsupport.OpsProbe ops = new alknet.testsupport.OpsProbe(nodes.server().opsPort());
            AlknetSession client = nodes.connect(o -> o.noSocks5());
            assertThat(client.connected()).isTrue();
            // An open tunnel keeps the drain going (up to the drain timeout), so the unready phase lasts long enough
            // to be seen; without one the server stops within milliseconds.
            EchoServer echo = EchoServer.start();
            Tunnel tunnel = AlknetTestNodes.await(client.openChannel("127.0.0.1", echo.port()));
            assertThat(tunnel).isNotNull();
            ops.awaitStatus("/readyz", 200, Duration.ofSeconds(5));

            List<String> observed = new ArrayList<>();
            AtomicBoolean stop = new AtomicBoolean();
            Thread poller = new Thread(() -> {
                long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
                while (!stop.get() && System.nanoTime() < deadline) {
                    String result;
                    try {
                        HttpResponse<String> r = ops.get("/readyz");
                        result = Integer.toString(r.statusCode());
                    } catch (Exception e) {
                        result = "down";
                    }
                    synchronized (observed) {
                        observed.add(result);
                    }
                    if (result.equals("down")) {
                        return;
                    }
                }
            }, "readyz-poller");
            poller.setDaemon(true);
            poller.start();
            Thread.sleep(100); // some 200s first

            long started = System.nanoTime();
            Future<Void> closing = nodes.server().close();
            AlknetTestNodes.await(closing);
            long closeMillis = (System.nanoTime() - started) / 1_000_000;
            poller.join(5_000);
            stop.set(true);

            List<String> seen;
            synchronized (observed) {
                seen = List.copyOf(observed);
            }
            String summary = summarize(seen) + " (close took " + closeMillis + " ms)";
            assertThat(seen).as(summary).contains("200", "503");
            int first503 = seen.indexOf("503");
            assertThat(seen.subList(first503, seen.size())).as("after the first 503: " + summary).doesNotContain("200");
            assertThat(seen.get(seen.size() - 1)).as("the ops port closed at the end: " + summary).isEqualTo("down");
            assertThat(closeMillis).as("close waited no longer than the drain timeout").isLessThan(5_000);
            echo.close();
        } finally {
            nodes.close();
        }
    }

    @Test
    void withoutOpenChannelsShutdownIsImmediate() throws Exception {
        AlknetTestNodes nodes = AlknetTestNodes.start(o -> o.drainTimeout(Duration.ofSeconds(30)));
        try {
            nodes.connect(o -> o.noSocks5());
            long started = System.nanoTime();
            AlknetTestNodes.await(nodes.server().close());
            assertThat((System.nanoTime() - started) / 1_000_000).as("no channel to wait for").isLessThan(5_000);
        } finally {
            nodes.close();
        }
    }

    private static String summarize(List<String> seen) {
        StringBuilder sb = new StringBuilder();
        String current = null;
        int count = 0;
        for (String s : seen) {
            if (s.equals(current)) {
                count++;
                continue;
            }
            if (current != null) {
                sb.append(current).append(" x").append(count).append(", ");
            }
            current = s;
            count = 1;
        }
        if (current != null) {
            sb.append(current).append(" x").append(count);
        }
        return "readyz answers: " + sb;
    }
}
