package alknet.client.socks;

import alknet.client.TunnelOpener;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static alknet.client.socks.Socks5Bytes.connectIp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Deploying the verticle binds the listener; undeploying releases it. */
@ExtendWith(VertxExtension.class)
@Timeout(30)
class Socks5VerticleTest {
    @Test
    void deployServesAndUndeployCloses(Vertx vertx) throws Exception {
        try (BlockingEchoServer echo = new BlockingEchoServer()) {
            Socks5Verticle verticle = new Socks5Verticle(new Socks5ServerOptions().setPort(0),
                    new DirectTunnelOpener(vertx), null);
            String id = Socks5ServerFixture.await(vertx.deployVerticle(verticle));
            int port = verticle.actualPort();
            assertThat(port).isPositive();
            try (SocksTestClient client = new SocksTestClient(port)) {
                client.connect(connectIp("127.0.0.1", echo.port()));
                client.send(new byte[] {7, 8, 9});
                assertThat(client.readExactly(3)).containsExactly(7, 8, 9);
            }
            Socks5ServerFixture.await(vertx.undeploy(id));
            // Netty releases the listening socket shortly after the close future completes (NIO defers the
            // real close to the selector), so a connect right after undeploy may still land in the old backlog.
            Socks5ServerFixture.eventually(Duration.ofSeconds(5), () -> refuses(port));
        }
    }

    @Test
    void acceptedConnectionsRunOnTheHomeContextsEventLoop(Vertx vertx) throws Exception {
        try (BlockingEchoServer echo = new BlockingEchoServer()) {
            Context home = vertx.getOrCreateContext();
            CompletableFuture<Boolean> onHomeLoop = new CompletableFuture<>();
            Thread[] homeThread = new Thread[1];
            Socks5ServerFixture.await(Future.<Void>future(p -> home.runOnContext(v -> {
                homeThread[0] = Thread.currentThread();
                p.complete();
            })));
            DirectTunnelOpener direct = new DirectTunnelOpener(vertx);
            TunnelOpener recording = (host, port) -> {
                onHomeLoop.complete(Thread.currentThread() == homeThread[0]);
                return direct.open(host, port);
            };
            // Deployed on its own (other) event loop; the listener is bound from the home context.
            Socks5Verticle verticle = new Socks5Verticle(new Socks5ServerOptions().setPort(0), recording, home);
            Socks5ServerFixture.await(vertx.deployVerticle(verticle));
            try (SocksTestClient client = new SocksTestClient(verticle.actualPort())) {
                client.connect(connectIp("127.0.0.1", echo.port()));
                client.send(new byte[] {1, 2});
                assertThat(client.readExactly(2)).containsExactly(1, 2);
            }
            assertThat(onHomeLoop.get(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    private static boolean refuses(int port) {
        try {
            new SocksTestClient(port).close();
            return false;
        } catch (ConnectException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void optionsRejectBadValuesAtOnce() {
        var options = new Socks5ServerOptions();
        assertThatThrownBy(() -> options.setPort(65536)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> options.setPort(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> options.setHost(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> options.setHandshakeTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Socks5Credentials("", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Socks5Credentials("u", "x".repeat(256)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(options.host()).isEqualTo("127.0.0.1");
        assertThat(options.port()).isEqualTo(1080);
        assertThat(options.handshakeTimeout()).hasSeconds(10);
    }
}
