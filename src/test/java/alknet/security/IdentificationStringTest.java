package alknet.security;

import alknet.api.Alknet;
import alknet.api.AlknetSession;
import alknet.testsupport.AlknetTestNodes;
import alknet.testsupport.Sockets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Acceptance 7, banner: the server's and the client's SSH identification lines are exactly
 * {@code SSH-2.0-alknet_0.1} (RFC 4253 section 4.2), read as the first line on a raw socket.
 */
@Timeout(60)
class IdentificationStringTest {
    private static final String EXPECTED = "SSH-2.0-alknet_0.1";

    @Test
    void serverAndClientSendExactlyTheAlknetIdentificationLine() throws Exception {
        try (AlknetTestNodes nodes = AlknetTestNodes.start()) {
            try (Socket s = Sockets.connect(nodes.server().sshPort())) {
                assertThat(TwentyConnections.firstLine(s)).as("server identification line").isEqualTo(EXPECTED);
            }

            try (ServerSocket fakeServer = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                AlknetSession client = AlknetTestNodes.await(Alknet.connect(nodes.vertx(), nodes.clientOptions()
                        .server("127.0.0.1", fakeServer.getLocalPort()).noSocks5()));
                try (Socket fromClient = fakeServer.accept()) {
                    fromClient.setSoTimeout(10_000);
                    assertThat(TwentyConnections.firstLine(fromClient)).as("client identification line")
                            .isEqualTo(EXPECTED);
                } finally {
                    AlknetTestNodes.await(client.close());
                }
            }
        }
    }
}
