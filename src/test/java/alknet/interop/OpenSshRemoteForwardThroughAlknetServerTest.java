package alknet.interop;

import alknet.testsupport.EchoServer;
import alknet.testsupport.FreePorts;
import alknet.testsupport.ListeningPorts;
import alknet.testsupport.OpenSshClient;
import alknet.testsupport.SinkServer;
import alknet.testsupport.Sockets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import java.net.Socket;
import java.time.Duration;

import static alknet.interop.Transfers.FOUR_MIB;
import static alknet.interop.Transfers.ONE_MIB;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * OpenSSH {@code ssh -N -R} against an alknet server: tcpip-forward binds a listener on the server, each
 * connection to it comes back to ssh as a forwarded-tcpip channel (10-tunnel.md sections 3 and 6).
 */
@Tag("interop")
@Timeout(60)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenSshRemoteForwardThroughAlknetServerTest {
    private static final Duration FORWARD_WAIT = Duration.ofSeconds(10);

    private ServerAndTargets env;
    private AlknetServerForOpenSsh server;
    private EchoServer echo;
    private SinkServer sink;

    @BeforeAll
    void start() throws Exception {
        env = ServerAndTargets.start();
        server = env.server();
        echo = env.echo();
        sink = env.sink();
    }

    @AfterAll
    void stop() throws Exception {
        if (env != null) {
            env.close();
        }
    }

    @Test
    void fixedPortForwardsEchoOneMebibyteAndFillASinkWithFour() throws Exception {
        int[] ports = FreePorts.pick(2);
        try (OpenSshClient ssh = server.ssh().args("-N",
                "-R", "127.0.0.1:" + ports[0] + ":127.0.0.1:" + echo.port(),
                "-R", "127.0.0.1:" + ports[1] + ":localhost:" + sink.port()).start()) {
            ssh.waitForPort(ports[0], FORWARD_WAIT);
            ssh.waitForPort(ports[1], FORWARD_WAIT);

            try (Socket tunnel = Sockets.connect(ports[0])) {
                Transfers.assertEchoes(tunnel, ONE_MIB, 41);
            }
            try (Socket tunnel = Sockets.connect(ports[1])) {
                Transfers.assertSinks(tunnel, sink, FOUR_MIB, 42);
            }
        }
    }

    @Test
    void portZeroGetsAnAllocatedPortThatCarriesFourMebibytes() throws Exception {
        // "-R 0:host:port" without a bind address: ssh asks for "localhost" and port 0
        try (OpenSshClient ssh = server.ssh().args("-N", "-R", "0:127.0.0.1:" + echo.port()).start()) {
            int allocated = ssh.awaitAllocatedRemotePort(FORWARD_WAIT);
            assertThat(allocated).as("port the server reported for -R 0").isBetween(1024, 65535);
            ssh.waitForPort(allocated, FORWARD_WAIT);

            try (Socket tunnel = Sockets.connect(allocated)) {
                Transfers.assertEchoes(tunnel, FOUR_MIB, 43);
            }
            try (Socket tunnel = Sockets.connect(allocated)) {
                Transfers.assertEchoes(tunnel, ONE_MIB, 44);
            }
        }
    }

    @Test
    void echoReachesAReaderThatStartsLateAfterItsHalfClose() throws Exception {
        try (OpenSshClient ssh = server.ssh().args("-N", "-R", "127.0.0.1:0:127.0.0.1:" + echo.port()).start()) {
            int allocated = ssh.awaitAllocatedRemotePort(FORWARD_WAIT);
            try (Socket tunnel = Sockets.connect(allocated)) {
                Transfers.assertEchoesToLateReader(tunnel, FOUR_MIB, 45, Duration.ofMillis(500));
            }
        }
    }

    @Test
    void forwardListenerClosesWhenTheSshSessionEnds() throws Exception {
        int allocated;
        try (OpenSshClient ssh = server.ssh().args("-N", "-R", "127.0.0.1:0:127.0.0.1:" + echo.port()).start()) {
            allocated = ssh.awaitAllocatedRemotePort(FORWARD_WAIT);
            ssh.waitForPort(allocated, FORWARD_WAIT);
        } // kills ssh: the TCP connection drops, the session ends, its forwards must die with it

        long deadline = System.nanoTime() + FORWARD_WAIT.toNanos();
        while (ListeningPorts.isListening(allocated) && System.nanoTime() < deadline) {
            Thread.sleep(25);
        }
        assertThat(ListeningPorts.isListening(allocated)).as("-R listener after its session ended").isFalse();
    }
}
