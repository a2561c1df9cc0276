package alknet.client.socks;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.Arrays;

import static alknet.client.socks.Socks5Bytes.concat;
import static alknet.client.socks.Socks5Bytes.connectIp;
import static alknet.client.socks.Socks5Bytes.greeting;
import static alknet.client.socks.Socks5Bytes.reply;
import static alknet.client.socks.Socks5Bytes.request;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Malformed or unsupported input gets the specified reply (or none) and a close, for that connection only: the
 * server goes on serving, and no tunnel is opened (10-tunnel.md section 5).
 */
@ExtendWith(VertxExtension.class)
@Timeout(60)
class Socks5ServerRejectionTest {
    private static final byte[] NO_AUTH_CHOSEN = {5, 0};

    private BlockingEchoServer echo;
    private Socks5ServerFixture server;

    @BeforeEach
    void start(Vertx vertx) throws Exception {
        echo = new BlockingEchoServer();
        server = Socks5ServerFixture.start(vertx,
                new Socks5ServerOptions().setHandshakeTimeout(Duration.ofSeconds(1)), new DirectTunnelOpener(vertx));
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        echo.close();
    }

    @Test
    void wrongVersionIsClosedWithoutReply() throws Exception {
        assertRefused(new byte[] {4, 1, 0, 1, 127, 0, 0, 1, 0, 80}, new byte[0]);
    }

    @Test
    void unsupportedMethodGetsFF() throws Exception {
        assertRefused(greeting(0x01, 0x80), new byte[] {5, (byte) 0xFF});
    }

    @Test
    void bindGets07() throws Exception {
        assertRefused(concat(greeting(0x00), request(Socks5Bytes.BIND, 0x01, new byte[] {127, 0, 0, 1}, echo.port())),
                concat(NO_AUTH_CHOSEN, reply(0x07)));
    }

    @Test
    void udpAssociateGets07() throws Exception {
        assertRefused(concat(greeting(0x00), request(Socks5Bytes.UDP_ASSOCIATE, 0x01, new byte[4], 0)),
                concat(NO_AUTH_CHOSEN, reply(0x07)));
    }

    @Test
    void badAddressTypeGets08() throws Exception {
        assertRefused(concat(greeting(0x00), new byte[] {5, 1, 0, 0x05}), concat(NO_AUTH_CHOSEN, reply(0x08)));
    }

    @Test
    void truncatedRequestFollowedByEofIsClosed() throws Exception {
        byte[] request = connectIp("127.0.0.1", echo.port());
        try (SocksTestClient client = server.client()) {
            client.send(greeting(0x00), Arrays.copyOf(request, 6));
            client.shutdownOutput();
            client.expect(NO_AUTH_CHOSEN);
            assertThat(client.closedByServer(5_000)).isTrue();
        }
        assertNoTunnelAndStillServing();
    }

    @Test
    void stalledHandshakeIsClosedAfterTheTimeout() throws Exception {
        byte[] request = connectIp("127.0.0.1", echo.port());
        try (SocksTestClient silent = server.client(); SocksTestClient halfway = server.client()) {
            long started = System.nanoTime();
            halfway.send(greeting(0x00), Arrays.copyOf(request, request.length - 1));
            halfway.expect(NO_AUTH_CHOSEN);
            assertThat(silent.closedByServer(5_000)).isTrue();
            assertThat(halfway.closedByServer(5_000)).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(
                    Duration.ofMillis(800), Duration.ofSeconds(4));
        }
        assertNoTunnelAndStillServing();
    }

    @Test
    void completedHandshakeIsNotCutByTheTimeout() throws Exception {
        try (SocksTestClient client = server.client()) {
            client.connect(connectIp("127.0.0.1", echo.port()));
            Thread.sleep(1_500);
            client.send(new byte[] {42});
            assertThat(client.readExactly(1)).containsExactly(42);
        }
    }

    private void assertRefused(byte[] sent, byte[] expectedReply) throws Exception {
        try (SocksTestClient client = server.client()) {
            client.send(sent);
            if (expectedReply.length > 0) {
                client.expect(expectedReply);
            }
            assertThat(client.closedByServer(5_000)).as("closed after the reply").isTrue();
        }
        assertNoTunnelAndStillServing();
    }

    private void assertNoTunnelAndStillServing() throws Exception {
        assertThat(echo.connections()).isZero();
        server.assertServes(echo);
    }
}
