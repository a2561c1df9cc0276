package alknet.e2e;

import alknet.api.AlknetSession;
import alknet.testsupport.AlknetTestNodes;
import alknet.testsupport.EchoServer;
import alknet.testsupport.Payloads;
import alknet.testsupport.Sockets;
import alknet.testsupport.Socks5TestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Acceptance 4, concurrency: 100 SOCKS5 connections at once through one alknet session, each with its own
 * random payload (64-256 KiB), all echoed back intact (SHA-256 per stream), none mixed up with another.
 */
@Timeout(90)
class ConcurrentSocks5StreamsE2ETest {
    private static final int STREAMS = 100;

    @Test
    void hundredConcurrentStreamsArriveIntact() throws Exception {
        try (EchoServer echo = EchoServer.start(); AlknetTestNodes nodes = AlknetTestNodes.start()) {
            AlknetSession client = nodes.connect();
            int socksPort = client.socks5Port();
            InetAddress target = InetAddress.getByName("127.0.0.1");
            Random sizes = new Random(4711);
            ExecutorService pool = Executors.newFixedThreadPool(STREAMS);
            try {
                CountDownLatch go = new CountDownLatch(1);
                List<Future<String[]>> results = new ArrayList<>();
                for (int i = 0; i < STREAMS; i++) {
                    int size = 64 * 1024 + sizes.nextInt(192 * 1024 + 1);
                    long seed = 1000 + i;
                    results.add(pool.submit(() -> {
                        byte[] payload = Payloads.random(size, seed);
                        go.await();
                        try (Socket s = Socks5TestClient.to(socksPort).timeout(Duration.ofSeconds(30))
                                .connect(target, echo.port())) {
                            byte[] back = Sockets.exchange(s, payload, Duration.ofSeconds(45));
                            return new String[] {Payloads.sha256Hex(payload), Payloads.sha256Hex(back),
                                    size + " sent, " + back.length + " received"};
                        }
                    }));
                }
                go.countDown();
                int intact = 0;
                List<String> failures = new ArrayList<>();
                for (int i = 0; i < STREAMS; i++) {
                    try {
                        String[] r = results.get(i).get(60, TimeUnit.SECONDS);
                        if (r[0].equals(r[1])) {
                            intact++;
                        } else {
                            failures.add("stream " + i + ": digest differs (" + r[2] + ")");
                        }
                    } catch (Exception e) {
                        failures.add("stream " + i + ": " + e);
                    }
                }
                assertThat(failures).as("streams that did not arrive intact").isEmpty();
                assertThat(intact).isEqualTo(STREAMS);
            } finally {
                pool.shutdownNow();
                pool.awaitTermination(10, TimeUnit.SECONDS);
            }
        }
    }
}
