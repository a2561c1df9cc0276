package alknet.e2e;

import alknet.api.AlknetSession;
import alknet.testsupport.AlknetTestNodes;
import alknet.testsupport.EchoServer;
import alknet.testsupport.Payloads;
import alknet.testsupport.Sockets;
import alknet.testsupport.Socks5TestClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Acceptance 4, SOCKS5 part: alknet connect against alknet serve, a CONNECT with each address type (IPv4
 * literal, IPv6 literal {@code ::1}, domain {@code localhost} sent unresolved) reaches an echo server on the
 * server side and carries data both ways with half-close.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(60)
class Socks5AddressTypesE2ETest {
    private AlknetTestNodes nodes;
    private AlknetSession client;
    private EchoServer echo4;

    @BeforeAll
    void start() throws Exception {
        echo4 = EchoServer.start();
        nodes = AlknetTestNodes.start();
        client = nodes.connect();
        assertThat(client.socks5Port()).isPositive();
    }

    @AfterAll
    void stop() throws Exception {
        try {
            if (nodes != null) {
                nodes.close();
            }
        } finally {
            if (echo4 != null) {
                echo4.close();
            }
        }
    }

    @Test
    void ipv4Literal() throws Exception {
        try (Socket s = Socks5TestClient.to(client.socks5Port()).connect(InetAddress.getByName("127.0.0.1"), echo4.port())) {
            assertEchoes(s, 100_000, 1);
        }
    }

    @Test
    void ipv6Literal() throws Exception {
        try (EchoServer echo6 = EchoServer.start(InetAddress.getByName("::1"))) {
            byte[] request = Socks5TestClient.connectRequest(InetAddress.getByName("::1"), echo6.port());
            assertThat(request[3]).as("ATYP of the request").isEqualTo((byte) Socks5TestClient.ATYP_IPV6);
            try (Socket s = Socks5TestClient.to(client.socks5Port()).connect(InetAddress.getByName("::1"), echo6.port())) {
                assertEchoes(s, 100_000, 2);
            }
            assertThat(echo6.address().getHostAddress()).contains(":");
        }
    }

    @Test
    void domainNameLocalhost() throws Exception {
        try (Socket s = Socks5TestClient.to(client.socks5Port()).connect("localhost", echo4.port())) {
            assertEchoes(s, 100_000, 3);
        }
    }

    private static void assertEchoes(Socket s, int size, long seed) throws Exception {
        byte[] payload = Payloads.random(size, seed);
        byte[] back = Sockets.exchange(s, payload, Duration.ofSeconds(20));
        assertThat(back.length).isEqualTo(payload.length);
        assertThat(Payloads.sha256Hex(back)).isEqualTo(Payloads.sha256Hex(payload));
    }
}
