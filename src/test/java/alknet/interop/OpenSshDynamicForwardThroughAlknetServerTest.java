package alknet.interop;

import alknet.testsupport.EchoServer;
import alknet.testsupport.FreePorts;
import alknet.testsupport.OpenSshClient;
import alknet.testsupport.SinkServer;
import alknet.testsupport.Socks5TestClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import java.net.InetAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static alknet.interop.Transfers.FOUR_MIB;
import static alknet.interop.Transfers.ONE_MIB;

/** OpenSSH {@code ssh -N -D} against an alknet server: its SOCKS5 tunnels are direct-tcpip channels (10-tunnel.md s. 6). */
@Tag("interop")
@Timeout(60)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenSshDynamicForwardThroughAlknetServerTest {
    private ServerAndTargets env;
    private AlknetServerForOpenSsh server;
    private EchoServer echo;
    private SinkServer sink;
    private OpenSshClient ssh;
    private int socksPort;

    @BeforeAll
    void start() throws Exception {
        env = ServerAndTargets.start();
        server = env.server();
        echo = env.echo();
        sink = env.sink();
        socksPort = FreePorts.pick();
        ssh = server.ssh().args("-N", "-D", "127.0.0.1:" + socksPort).start();
        ssh.waitForPort(socksPort);
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
    void echoesOneMebibyteToAnIpTargetWithHalfClose() throws Exception {
        try (Socket tunnel = Socks5TestClient.to(socksPort).connect(InetAddress.getLoopbackAddress(), echo.port())) {
            Transfers.assertEchoes(tunnel, ONE_MIB, 11);
        }
    }

    @Test
    void echoesFourMebibytesToADomainTargetResolvedByTheServer() throws Exception {
        try (Socket tunnel = Socks5TestClient.to(socksPort).connect("localhost", echo.port())) {
            Transfers.assertEchoes(tunnel, FOUR_MIB, 12);
        }
    }

    @Test
    void deliversFourMebibytesIntoASink() throws Exception {
        try (Socket tunnel = Socks5TestClient.to(socksPort).connect(InetAddress.getLoopbackAddress(), sink.port())) {
            Transfers.assertSinks(tunnel, sink, FOUR_MIB, 13);
        }
    }

    @Test
    void carriesFourConcurrentEchoesOverOneSession() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> transfers = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                long seed = 20 + i;
                transfers.add(pool.submit(() -> {
                    try (Socket tunnel = Socks5TestClient.to(socksPort)
                            .connect(InetAddress.getLoopbackAddress(), echo.port())) {
                        Transfers.assertEchoes(tunnel, ONE_MIB, seed);
                    }
                    return null;
                }));
            }
            for (Future<?> transfer : transfers) {
                transfer.get(Transfers.WAIT.toSeconds(), TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
