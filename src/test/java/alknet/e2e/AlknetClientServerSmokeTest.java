package alknet.e2e;

import alknet.api.AlknetSession;
import alknet.api.ForwardSpec;
import alknet.testsupport.AlknetTestNodes;
import alknet.testsupport.EchoServer;
import alknet.testsupport.Payloads;
import alknet.testsupport.Sockets;
import org.junit.jupiter.api.Test;

import java.net.Socket;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The shortest end-to-end path: alknet client to alknet server, one -L forward, 1 MiB echoed with half-close. */
class AlknetClientServerSmokeTest {
    @Test
    void localForwardCarriesOneMebibyteBothWays() throws Exception {
        try (EchoServer echo = EchoServer.start(); AlknetTestNodes nodes = AlknetTestNodes.start()) {
            AlknetSession client = nodes.connect(o -> o.addLocalForward(new ForwardSpec("127.0.0.1", 0, "127.0.0.1", echo.port())));
            byte[] payload = Payloads.random(1 << 20, 42);
            try (Socket s = Sockets.connect(client.localForwardPort(0))) {
                byte[] back = Sockets.exchange(s, payload, Duration.ofSeconds(20));
                assertThat(Payloads.sha256Hex(back)).isEqualTo(Payloads.sha256Hex(payload));
            }
        }
    }
}
