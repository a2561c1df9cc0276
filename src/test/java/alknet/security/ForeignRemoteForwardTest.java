package alknet.security;

import alknet.testsupport.AlknetTestNodes;
import alknet.testsupport.EchoServer;
import alknet.testsupport.LogCollector;
import alknet.testsupport.OpenSshClient;
import alknet.testsupport.TunnelDestinations;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.util.buffer.Buffer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Acceptance 7, {@code cancel-tcpip-forward}: one session (the real {@code ssh -R}) holds a remote forward; another
 * session cannot cancel it (SSH_MSG_REQUEST_FAILURE) nor bind onto it, and the forward keeps serving all of twenty
 * connections. The same session can cancel its own forward (so the refusal is about ownership), and after a refused
 * {@code tcpip-forward} its next global request is still answered (replies keep request order, none is lost).
 */
@Timeout(60)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ForeignRemoteForwardTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private EchoServer echo;
    private AlknetTestNodes nodes;
    private MinaSshClient mina;

    @BeforeAll
    void start() throws Exception {
        echo = EchoServer.start();
        TunnelDestinations.record("127.0.0.1", echo.port());
        nodes = AlknetTestNodes.start();
        mina = MinaSshClient.start(nodes.clientKey());
    }

    @AfterAll
    void stop() throws Exception {
        try (AlknetTestNodes n = nodes; EchoServer e = echo) {
            if (mina != null) {
                mina.close();
            }
        }
    }

    @Test
    void anotherSessionCannotCancelOrTakeOverAForwardThatKeepsServing() throws Exception {
        try (OpenSshClient owner = PinnedOpenSsh.to(nodes).args("-N", "-R", "127.0.0.1:0:127.0.0.1:" + echo.port())
                .start()) {
            int port = owner.awaitAllocatedRemotePort(WAIT);
            ClientSession other = mina.login(nodes.server().sshPort());
            try {
                assertThat(MinaSshClient.globalRequest(other, "cancel-tcpip-forward", "127.0.0.1", port))
                        .as("cancel-tcpip-forward of another session's port").isFalse();
                assertThat(MinaSshClient.globalRequest(other, "cancel-tcpip-forward", "localhost", port))
                        .as("the same, spelled localhost").isFalse();
                int mark = LogCollector.mark();
                assertThat(MinaSshClient.globalRequest(other, "tcpip-forward", "127.0.0.1", port))
                        .as("tcpip-forward onto another session's port").isFalse();
                assertThat(LogCollector.linesSince(mark))
                        .anyMatch(l -> l.contains("remote forward denied remote_addr=127.0.0.1 reason=address-in-use"));
                assertThat(MinaSshClient.globalRequest(other, "keepalive@openssh.com", null, 0))
                        .as("the next global request after a refused forward is answered").isTrue();
                assertThat(other.isOpen()).isTrue();

                TwentyConnections.allEcho(port);
                assertThat(owner.isAlive()).as("the owner's ssh; stderr:\n" + owner.stderr().text()).isTrue();
            } finally {
                other.close(false).await(WAIT);
            }
            TwentyConnections.allEcho(port);
        }
    }

    @Test
    void aSessionCancelsItsOwnForward() throws Exception {
        ClientSession session = mina.login(nodes.server().sshPort());
        try {
            Buffer request = session.createBuffer(SshConstants.SSH_MSG_GLOBAL_REQUEST);
            request.putString("tcpip-forward");
            request.putBoolean(true);
            request.putString("127.0.0.1");
            request.putUInt(0);
            Buffer reply = session.request("tcpip-forward", request, WAIT);
            assertThat(reply).as("tcpip-forward 127.0.0.1:0 granted").isNotNull();
            int port = (int) reply.getUInt();
            awaitListening(port, true);

            assertThat(MinaSshClient.globalRequest(session, "cancel-tcpip-forward", "127.0.0.1", port)).isTrue();
            awaitListening(port, false);
            assertThat(MinaSshClient.globalRequest(session, "cancel-tcpip-forward", "127.0.0.1", port))
                    .as("a second cancel finds nothing").isFalse();
        } finally {
            session.close(false).await(WAIT);
        }
    }

    private static void awaitListening(int port, boolean listening) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (alknet.testsupport.ListeningPorts.isListening(port) != listening) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("port " + port + (listening ? " never listened" : " still listening"));
            }
            Thread.sleep(20);
        }
    }
}
