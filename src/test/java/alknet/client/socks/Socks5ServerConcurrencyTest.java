package alknet.client.socks;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static alknet.client.socks.Socks5Bytes.connectIp;
import static org.assertj.core.api.Assertions.assertThat;

/** Many clients at once: every one gets its own bytes back, intact. */
@ExtendWith(VertxExtension.class)
@Timeout(120)
class Socks5ServerConcurrencyTest {
    private static final int CLIENTS = 100;

    @Test
    void hundredConcurrentConnectionsCarryRandomPayloadsIntact(Vertx vertx) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(CLIENTS);
        try (BlockingEchoServer echo = new BlockingEchoServer();
             Socks5ServerFixture server = Socks5ServerFixture.start(vertx, new DirectTunnelOpener(vertx))) {
            CountDownLatch allConnected = new CountDownLatch(CLIENTS);
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                Random random = new Random(1000 + i);
                byte[] payload = Socks5ServerFixture.randomBytes(1 + random.nextInt(256 * 1024), random);
                results.add(threads.submit(() -> {
                    try (SocksTestClient client = server.client()) {
                        client.connect(connectIp("127.0.0.1", echo.port()));
                        allConnected.countDown();
                        allConnected.await(30, TimeUnit.SECONDS); // all tunnels are open at the same time
                        Thread writer = new Thread(() -> {
                            try {
                                client.send(payload);
                                client.shutdownOutput();
                            } catch (Exception e) {
                                // the read below then comes up short and fails the comparison
                            }
                        });
                        writer.start();
                        byte[] echoed = client.readToEnd();
                        writer.join();
                        return java.util.Arrays.equals(echoed, payload);
                    }
                }));
            }
            for (Future<Boolean> result : results) {
                assertThat(result.get(90, TimeUnit.SECONDS)).isTrue();
            }
            assertThat(echo.connections()).isEqualTo(CLIENTS);
        } finally {
            threads.shutdownNow();
        }
    }
}
