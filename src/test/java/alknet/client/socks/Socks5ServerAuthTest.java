package alknet.client.socks;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import static alknet.client.socks.Socks5Bytes.auth;
import static alknet.client.socks.Socks5Bytes.connectIp;
import static alknet.client.socks.Socks5Bytes.greeting;
import static alknet.client.socks.Socks5Bytes.reply;
import static org.assertj.core.api.Assertions.assertThat;

/** With --socks5-user/--socks5-password only RFC 1929 username/password is accepted (10-tunnel.md section 5). */
@ExtendWith(VertxExtension.class)
@Timeout(60)
class Socks5ServerAuthTest {
    private BlockingEchoServer echo;
    private Socks5ServerFixture server;

    @BeforeEach
    void start(Vertx vertx) throws Exception {
        echo = new BlockingEchoServer();
        server = Socks5ServerFixture.start(vertx,
                new Socks5ServerOptions().setCredentials(new Socks5Credentials("alice", "correct horse")),
                new DirectTunnelOpener(vertx));
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        echo.close();
    }

    @Test
    void rightCredentialsConnect() throws Exception {
        try (SocksTestClient client = server.client()) {
            client.send(greeting(0x00, 0x02), auth("alice", "correct horse"), connectIp("127.0.0.1", echo.port()));
            client.expect(new byte[] {5, 2, 1, 0});
            client.expect(reply(0x00));
            client.send(new byte[] {1, 2, 3});
            assertThat(client.readExactly(3)).containsExactly(1, 2, 3);
        }
    }

    @Test
    void wrongPasswordIsRefusedAndClosed() throws Exception {
        try (SocksTestClient client = server.client()) {
            client.send(greeting(0x02), auth("alice", "battery staple"));
            client.expect(new byte[] {5, 2, 1, 1});
            assertThat(client.closedByServer(5_000)).isTrue();
        }
        assertThat(echo.connections()).isZero();
    }

    @Test
    void noAuthIsRefusedWithFF() throws Exception {
        try (SocksTestClient client = server.client()) {
            client.send(greeting(0x00));
            client.expect(new byte[] {5, (byte) 0xFF});
            assertThat(client.closedByServer(5_000)).isTrue();
        }
        assertThat(echo.connections()).isZero();
    }
}
