package alknet.client.socks;

import alknet.client.TunnelOpener;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.io.IOException;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/** A SOCKS5 server on 127.0.0.1 with a free port, started in one line; blocking helpers for test threads. */
final class Socks5ServerFixture implements AutoCloseable {
    private final Socks5Server server;
    private final int port;

    private Socks5ServerFixture(Socks5Server server, int port) {
        this.server = server;
        this.port = port;
    }

    static Socks5ServerFixture start(Vertx vertx, Socks5ServerOptions options, TunnelOpener opener) {
        Socks5Server server = new Socks5Server(vertx, options.setHost("127.0.0.1").setPort(0), opener);
        return new Socks5ServerFixture(server, await(server.listen()));
    }

    static Socks5ServerFixture start(Vertx vertx, TunnelOpener opener) {
        return start(vertx, new Socks5ServerOptions(), opener);
    }

    int port() {
        return port;
    }

    SocksTestClient client() throws IOException {
        return new SocksTestClient(port);
    }

    /** A full CONNECT to the echo server and a small round trip: proves the server still serves. */
    void assertServes(BlockingEchoServer echo) throws Exception {
        try (SocksTestClient client = client()) {
            client.connect(Socks5Bytes.connectIp("127.0.0.1", echo.port()));
            byte[] payload = randomBytes(1000, new Random(7));
            client.send(payload);
            assertThat(client.readExactly(payload.length)).containsExactly(payload);
        }
    }

    static byte[] randomBytes(int size, Random random) {
        byte[] bytes = new byte[size];
        random.nextBytes(bytes);
        return bytes;
    }

    static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("future did not complete", e);
        }
    }

    static void eventually(Duration limit, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + limit);
            }
            Thread.sleep(20);
        }
    }

    @Override
    public void close() {
        await(server.close());
    }
}
