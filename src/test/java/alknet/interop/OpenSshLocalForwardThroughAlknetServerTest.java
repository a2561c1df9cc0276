package alknet.interop;

import alknet.testsupport.EchoServer;
import alknet.testsupport.FreePorts;
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

/** OpenSSH {@code ssh -N -L} against an alknet server: each local connection is one direct-tcpip channel. */
@Tag("interop")
@Timeout(60)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenSshLocalForwardThroughAlknetServerTest {
    private ServerAndTargets env;
    private AlknetServerForOpenSsh server;
    private EchoServer echo;
    private SinkServer sink;
    private OpenSshClient ssh;
    private int echoForwardPort;
    private int sinkForwardPort;

    @BeforeAll
    void start() throws Exception {
        env = ServerAndTargets.start();
        server = env.server();
        echo = env.echo();
        sink = env.sink();
        int[] ports = FreePorts.pick(2);
        echoForwardPort = ports[0];
        sinkForwardPort = ports[1];
        ssh = server.ssh().args("-N",
                "-L", "127.0.0.1:" + echoForwardPort + ":127.0.0.1:" + echo.port(),
                "-L", "127.0.0.1:" + sinkForwardPort + ":localhost:" + sink.port()).start();
        ssh.waitForPort(echoForwardPort);
        ssh.waitForPort(sinkForwardPort);
    }

    @AfterAll
    void stop() throws Exception {
        if (ssh != null) {
            ssh.close();
        }
        if (env != null) {
            env.close();
        }
    }

    @Test
    void echoesOneMebibyteWithHalfClose() throws Exception {
        try (Socket tunnel = Sockets.connect(echoForwardPort)) {
            Transfers.assertEchoes(tunnel, ONE_MIB, 31);
        }
    }

    @Test
    void echoesFourMebibytesWithHalfClose() throws Exception {
        try (Socket tunnel = Sockets.connect(echoForwardPort)) {
            Transfers.assertEchoes(tunnel, FOUR_MIB, 32);
        }
    }

    @Test
    void echoReachesAReaderThatStartsLate() throws Exception {
        try (Socket tunnel = Sockets.connect(echoForwardPort)) {
            Transfers.assertEchoesToLateReader(tunnel, FOUR_MIB, 34, Duration.ofMillis(500));
        }
    }

    @Test
    void deliversFourMebibytesIntoASinkNamedByDomain() throws Exception {
        try (Socket tunnel = Sockets.connect(sinkForwardPort)) {
            Transfers.assertSinks(tunnel, sink, FOUR_MIB, 33);
        }
    }
}
