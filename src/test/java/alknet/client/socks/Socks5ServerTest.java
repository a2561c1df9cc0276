package alknet.client.socks;

import alknet.client.TunnelOpener;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

import static alknet.client.socks.Socks5Bytes.concat;
import static alknet.client.socks.Socks5Bytes.connectDomain;
import static alknet.client.socks.Socks5Bytes.connectIp;
import static alknet.client.socks.Socks5Bytes.greeting;
import static alknet.client.socks.Socks5Bytes.reply;
import static org.assertj.core.api.Assertions.assertThat;

/** CONNECTs through the real listener to a real echo target, byte for byte (10-tunnel.md section 5). */
@ExtendWith(VertxExtension.class)
@Timeout(60)
class Socks5ServerTest {
    private static final int MEBIBYTE = 1 << 20;

    private BlockingEchoServer echo;
    private DirectTunnelOpener opener;
    private Socks5ServerFixture server;

    @BeforeEach
    void start(Vertx vertx) throws Exception {
        echo = new BlockingEchoServer();
        opener = new DirectTunnelOpener(vertx);
        server = Socks5ServerFixture.start(vertx, opener);
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        echo.close();
    }

    @Test
    void connectIpv4CarriesOneMebibyteExactly() throws Exception {
        assertRoundTrip(connectIp("127.0.0.1", echo.port()), MEBIBYTE);
        assertThat(opener.requestedHosts()).containsExactly("127.0.0.1");
    }

    @Test
    void connectIpv6CarriesOneMebibyteExactly() throws Exception {
        assertRoundTrip(connectIp("::1", echo.port()), MEBIBYTE);
        assertThat(opener.requestedHosts()).containsExactly("::1");
    }

    @Test
    void connectDomainPassesTheNameUnresolved() throws Exception {
        assertRoundTrip(connectDomain("localhost", echo.port()), MEBIBYTE);
        assertThat(opener.requestedHosts()).containsExactly("localhost");
    }

    @Test
    void greetingAndRequestOneBytePerWrite() throws Exception {
        try (SocksTestClient client = server.client()) {
            client.sendOneByteAtATime(concat(greeting(0x00), connectIp("127.0.0.1", echo.port())));
            client.expect(new byte[] {5, 0});
            client.expect(reply(0x00));
            byte[] data = "after a slow handshake".getBytes(StandardCharsets.US_ASCII);
            client.send(data);
            assertThat(client.readExactly(data.length)).containsExactly(data);
        }
    }

    @Test
    void dataSentRightBehindTheRequestIsDelivered() throws Exception {
        byte[] data = "GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        try (SocksTestClient client = server.client()) {
            client.send(greeting(0x00), connectIp("127.0.0.1", echo.port()), data);
            client.expect(new byte[] {5, 0});
            client.expect(reply(0x00));
            assertThat(client.readExactly(data.length)).containsExactly(data);
        }
    }

    @Test
    void dataSentWhileTheTunnelIsStillOpeningIsDeliveredInOrder(Vertx vertx) throws Exception {
        TunnelOpener slow = (host, port) -> {
            Promise<alknet.stream.DuplexConnection> promise = Promise.promise();
            vertx.setTimer(300, id -> opener.open(host, port).onComplete(promise));
            return promise.future();
        };
        byte[] first = Socks5ServerFixture.randomBytes(5000, new Random(1));
        byte[] second = Socks5ServerFixture.randomBytes(70_000, new Random(2));
        try (Socks5ServerFixture slowServer = Socks5ServerFixture.start(vertx, slow);
             SocksTestClient client = slowServer.client()) {
            client.send(greeting(0x00), connectIp("127.0.0.1", echo.port()), first);
            client.send(second); // the open is still pending: these wait in the paused socket
            client.expect(new byte[] {5, 0});
            client.expect(reply(0x00));
            assertThat(client.readExactly(first.length + second.length)).containsExactly(concat(first, second));
        }
    }

    @Test
    void halfCloseReachesTheTargetAndItsEofComesBack() throws Exception {
        try (SocksTestClient client = server.client()) {
            client.connect(connectIp("127.0.0.1", echo.port()));
            client.send("last words".getBytes(StandardCharsets.US_ASCII));
            client.shutdownOutput();
            assertThat(new String(client.readToEnd(), StandardCharsets.US_ASCII)).isEqualTo("last words");
        }
    }

    /** Writes from a second thread while reading, so neither side's buffers can deadlock the transfer. */
    private void assertRoundTrip(byte[] request, int size) throws Exception {
        byte[] payload = Socks5ServerFixture.randomBytes(size, new Random(size));
        try (SocksTestClient client = server.client()) {
            client.connect(request);
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try {
                    client.send(payload);
                    client.shutdownOutput();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            byte[] echoed = client.readToEnd();
            writer.get();
            assertThat(echoed).hasSize(size);
            assertThat(echoed).isEqualTo(payload);
        }
    }
}
