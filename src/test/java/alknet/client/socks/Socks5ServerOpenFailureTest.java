package alknet.client.socks;

import alknet.client.TunnelOpenException;
import alknet.client.TunnelOpenException.Reason;
import alknet.client.TunnelOpener;
import alknet.stream.DuplexConnection;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;

import static alknet.client.socks.Socks5Bytes.connectDomain;
import static alknet.client.socks.Socks5Bytes.connectIp;
import static alknet.client.socks.Socks5Bytes.greeting;
import static alknet.client.socks.Socks5Bytes.reply;
import static org.assertj.core.api.Assertions.assertThat;

/** A failed tunnel open becomes the reply code of its reason, then a close (10-tunnel.md section 5). */
@ExtendWith(VertxExtension.class)
@Timeout(60)
class Socks5ServerOpenFailureTest {
    private BlockingEchoServer echo;
    private DirectTunnelOpener direct;
    private Socks5ServerFixture server;

    @BeforeEach
    void start(Vertx vertx) throws Exception {
        echo = new BlockingEchoServer();
        direct = new DirectTunnelOpener(vertx);
        server = Socks5ServerFixture.start(vertx, this::scriptedOpen);
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        echo.close();
    }

    /** Fails by the target's name; "echo" dials the echo server for the still-serving check. */
    private Future<DuplexConnection> scriptedOpen(String host, int port) {
        return switch (host) {
            case "denied.test" -> Future.failedFuture(new TunnelOpenException(Reason.POLICY_DENIED, host));
            case "unreachable.test" -> Future.failedFuture(new TunnelOpenException(Reason.HOST_UNREACHABLE, host));
            case "refused.test" -> Future.failedFuture(new TunnelOpenException(Reason.CONNECTION_REFUSED, host));
            case "nosession.test" -> Future.failedFuture(new TunnelOpenException(Reason.NO_SESSION, host));
            case "other.test" -> Future.failedFuture(new IllegalStateException("not a TunnelOpenException"));
            case "throws.test" -> throw new IllegalStateException("opener threw instead of failing its future");
            default -> direct.open(host, port);
        };
    }

    @ParameterizedTest
    @CsvSource({"denied.test, 2", "unreachable.test, 4", "refused.test, 5", "nosession.test, 1", "other.test, 1",
        "throws.test, 1"})
    void openFailureMapsToReply(String host, int expectedCode) throws Exception {
        try (SocksTestClient client = server.client()) {
            client.send(greeting(0x00), connectDomain(host, 443));
            client.expect(new byte[] {5, 0});
            client.expect(reply(expectedCode));
            assertThat(client.closedByServer(5_000)).isTrue();
        }
        server.assertServes(echo);
    }

    @Test
    void realConnectionRefusedGets05(Vertx vertx) throws Exception {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            closedPort = probe.getLocalPort();
        }
        try (Socks5ServerFixture directServer = Socks5ServerFixture.start(vertx, direct);
             SocksTestClient client = directServer.client()) {
            client.send(greeting(0x00), connectIp("127.0.0.1", closedPort));
            client.expect(new byte[] {5, 0});
            client.expect(reply(0x05));
            assertThat(client.closedByServer(5_000)).isTrue();
        }
    }

    @Test
    void tunnelThatOpensAfterTheClientLeftIsClosed(Vertx vertx) throws Exception {
        Promise<Void> clientGone = Promise.promise();
        TunnelOpener waitsForClientToLeave = (host, port) -> clientGone.future().compose(v -> direct.open(host, port));
        try (Socks5ServerFixture slowServer = Socks5ServerFixture.start(vertx, waitsForClientToLeave)) {
            try (SocksTestClient client = slowServer.client()) {
                client.send(greeting(0x00), connectIp("127.0.0.1", echo.port()));
                client.expect(new byte[] {5, 0});
            }
            Thread.sleep(200); // let the server see the close before the tunnel arrives
            vertx.runOnContext(v -> clientGone.complete());
            Socks5ServerFixture.eventually(Duration.ofSeconds(5), () -> echo.connections() == 1);
            Socks5ServerFixture.eventually(Duration.ofSeconds(5), () -> echo.finishedConnections() == 1);
        }
    }
}
