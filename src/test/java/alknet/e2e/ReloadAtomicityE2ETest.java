package alknet.e2e;

import alknet.api.AlknetServer;
import alknet.api.ForwardingRules;
import alknet.testsupport.AlknetTestNodes;
import alknet.testsupport.EchoServer;
import alknet.testsupport.Socks5TestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reload atomicity (20-auth-config.md section 5): 1,000 SOCKS5 CONNECTs through one alknet session, 50 at a time,
 * while the forwarding policy is swapped 50 times between "allow the echo port" and "deny it". Every CONNECT sees
 * one whole policy: it succeeds (0x00) or is refused by the ruleset (0x02), never another error.
 */
@Timeout(120)
class ReloadAtomicityE2ETest {
    private static final int CONNECTS = 1_000;
    private static final int PARALLEL = 50;
    private static final int RELOADS = 50;

    @Test
    void everyChannelOpenSeesTheOldOrTheNewPolicy() throws Exception {
        try (EchoServer echo = EchoServer.start(); AlknetTestNodes nodes = AlknetTestNodes.start()) {
            AlknetServer server = nodes.server();
            ForwardingRules allow = ForwardingRules.DEFAULT.defaultAction("allow");
            ForwardingRules deny = ForwardingRules.DEFAULT.defaultAction("allow")
                    .rule("127.0.0.1:" + echo.port(), "deny", null, null);
            server.reloadForwarding(allow).toCompletionStage().toCompletableFuture().get();
            int socksPort = nodes.connect().socks5Port();
            InetAddress target = InetAddress.getByName("127.0.0.1");

            AtomicInteger done = new AtomicInteger();
            Map<Integer, LongAdder> replies = new ConcurrentHashMap<>();
            ExecutorService pool = Executors.newFixedThreadPool(PARALLEL + 1);
            try {
                // Reload i waits for i * 20 finished CONNECTs, so the swaps are spread over the whole run.
                Future<?> reloads = pool.submit(() -> {
                    for (int i = 1; i <= RELOADS; i++) {
                        while (done.get() < i * (CONNECTS / RELOADS) - CONNECTS / RELOADS / 2) {
                            Thread.onSpinWait();
                        }
                        server.reloadForwarding(i % 2 == 1 ? deny : allow);
                    }
                    return null;
                });
                AtomicInteger next = new AtomicInteger();
                List<Future<?>> workers = new java.util.ArrayList<>();
                for (int w = 0; w < PARALLEL; w++) {
                    workers.add(pool.submit(() -> {
                        while (next.getAndIncrement() < CONNECTS) {
                            Socks5TestClient.Result r = Socks5TestClient.to(socksPort).timeout(Duration.ofSeconds(20))
                                    .attempt(target, echo.port());
                            if (r.socket() != null) {
                                r.socket().close();
                            }
                            replies.computeIfAbsent(r.code(), c -> new LongAdder()).increment();
                            done.incrementAndGet();
                        }
                        return null;
                    }));
                }
                for (Future<?> w : workers) {
                    w.get(90, TimeUnit.SECONDS);
                }
                reloads.get(10, TimeUnit.SECONDS);
            } finally {
                pool.shutdownNow();
                pool.awaitTermination(10, TimeUnit.SECONDS);
            }
            Map<Integer, Long> counts = new java.util.TreeMap<>();
            replies.forEach((code, n) -> counts.put(code, n.sum()));
            assertThat(counts.keySet()).as("SOCKS5 reply codes seen (code -> count): " + counts)
                    .isSubsetOf(Socks5TestClient.REPLY_SUCCEEDED, Socks5TestClient.REPLY_NOT_ALLOWED);
            assertThat(counts.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(CONNECTS);
            assertThat(counts).as("both policies were in force at some point: " + counts)
                    .containsKeys(Socks5TestClient.REPLY_SUCCEEDED, Socks5TestClient.REPLY_NOT_ALLOWED);
        }
    }
}
