package alknet.e2e;

import alknet.api.AlknetSession;
import alknet.api.ForwardSpec;
import alknet.testsupport.AlknetTestNodes;
import alknet.testsupport.EchoServer;
import alknet.testsupport.LogCollector;
import alknet.testsupport.Payloads;
import alknet.testsupport.Sockets;
import alknet.testsupport.Socks5TestClient;
import alknet.testsupport.TunnelDestinations;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.Socket;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Key re-exchanges in the middle of bulk data, both directions, on both sides (decision 36): MINA must queue the
 * channel data written during a key exchange instead of blocking the event loop, which is also the loop that has to
 * read the peer's key-exchange messages (the client's local sockets and the server's target sockets share the SSH
 * connection's loop). A rekey every 256 KiB makes dozens of exchanges per transfer.
 */
@Timeout(120)
class RekeyDuringTransferE2ETest {
    private static final String REKEY_BYTES = "org.apache.sshd.config.rekey-bytes-limit";

    @BeforeEach
    void rekeyOften() {
        System.setProperty(REKEY_BYTES, String.valueOf(256 * 1024));
        LogCollector.installInProcess();
    }

    @AfterEach
    void rekeyNormally() {
        System.clearProperty(REKEY_BYTES);
    }

    @Test
    void dataKeepsFlowingThroughManyKeyExchanges() throws Exception {
        int mark = LogCollector.mark();
        try (EchoServer echo = EchoServer.start(); AlknetTestNodes nodes = AlknetTestNodes.start()) {
            TunnelDestinations.record("127.0.0.1", echo.port());
            AlknetSession client = nodes.connect(o -> o.addLocalForward(new ForwardSpec("127.0.0.1", 0, "127.0.0.1", echo.port())));
            byte[] payload = Payloads.random(8 << 20, 61);
            try (Socket socks = Socks5TestClient.to(client.socks5Port()).connect("127.0.0.1", echo.port())) {
                assertThat(Sockets.exchange(socks, payload, Duration.ofSeconds(60))).isEqualTo(payload);
            }
            try (Socket forward = Sockets.connect(client.localForwardPort(0))) {
                assertThat(Sockets.exchange(forward, payload, Duration.ofSeconds(60))).isEqualTo(payload);
            }
        }
        assertThat(LogCollector.linesSince(mark)).noneMatch(l -> l.contains("has been blocked for"));
    }
}
