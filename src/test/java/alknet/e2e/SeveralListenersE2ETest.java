package alknet.e2e;

import alknet.api.ListenerOptions;
import alknet.api.AlknetSession;
import alknet.api.impl.ServerNode;
import alknet.api.ForwardSpec;
import alknet.testsupport.AlknetTestNodes;
import alknet.testsupport.EchoServer;
import alknet.testsupport.FreePorts;
import alknet.testsupport.Payloads;
import alknet.testsupport.PrometheusText;
import alknet.testsupport.Sockets;
import alknet.testsupport.TunnelDestinations;
import org.junit.jupiter.api.Test;

import java.net.Socket;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Several listeners share one SSH interface (20-auth-config.md section 5, {@code [[listeners]]}): the same key
 * logs in on each, tunnels work through each, and both sessions count in the one server's metrics.
 */
class SeveralListenersE2ETest {
    @Test
    void clientsOnEitherListenerShareAuthAndSessions() throws Exception {
        int second = FreePorts.pick();
        try (EchoServer echo = EchoServer.start();
             AlknetTestNodes nodes = AlknetTestNodes.start(o -> o.addListener(ListenerOptions.tcp("127.0.0.1", second)))) {
            TunnelDestinations.record("127.0.0.1", echo.port());
            List<Integer> ports = ((ServerNode) nodes.server()).sshPorts();
            assertThat(ports).hasSize(2).contains(second);
            for (int port : ports) {
                AlknetSession client = nodes.connect(o -> o.server("127.0.0.1", port)
                        .addLocalForward(new ForwardSpec("127.0.0.1", 0, "127.0.0.1", echo.port())));
                byte[] payload = Payloads.random(64 * 1024, port);
                try (Socket s = Sockets.connect(client.localForwardPort(0))) {
                    assertThat(Sockets.exchange(s, payload, Duration.ofSeconds(20))).isEqualTo(payload);
                }
            }
            String metrics = nodes.ops("/metrics").stdout();
            assertThat(PrometheusText.parse(metrics).value("alknet_sessions_active")).isEqualTo(2.0);
        }
    }
}
