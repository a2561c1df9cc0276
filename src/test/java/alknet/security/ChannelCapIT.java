package alknet.security;

import alknet.testsupport.EchoServer;
import alknet.testsupport.FreePorts;
import alknet.testsupport.OpenSshClient;
import alknet.testsupport.Payloads;
import alknet.testsupport.Sockets;
import alknet.testsupport.TunnelDestinations;
import org.apache.sshd.client.channel.ChannelDirectTcpip;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.SshConstants;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Acceptance 7, {@code serve --max-channels-per-session 5}: a session with five open channels gets the sixth refused
 * with reason code 4 (resource shortage, {@code channel denied ... reason=max-channels}), keeps its five working, and
 * opens a new one once one of them closed. Seen through MINA's client (the exact code) and the real {@code ssh -L}.
 */
@Tag("interop")
@Timeout(120)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChannelCapIT {
    private static final int CAP = 5;
    private static final Duration WAIT = Duration.ofSeconds(20);

    private EchoServer echo;
    private ServeProcess server;
    private MinaSshClient mina;

    @BeforeAll
    void start() throws Exception {
        echo = EchoServer.start();
        TunnelDestinations.record("127.0.0.1", echo.port());
        server = ServeProcess.start("serve-channel-cap", "--max-channels-per-session", Integer.toString(CAP));
        mina = MinaSshClient.start(server.clientKey().privateKey());
    }

    @AfterAll
    void stop() {
        try (ServeProcess s = server; EchoServer e = echo) {
            if (mina != null) {
                mina.close();
            }
        }
    }

    @Test
    void sixthChannelIsRefusedWithResourceShortageAndTheSessionGoesOn() throws Exception {
        ClientSession session = mina.login(server.sshPort());
        List<ChannelDirectTcpip> open = new ArrayList<>();
        try {
            for (int i = 0; i < CAP; i++) {
                open.add(MinaSshClient.openDirectTcpip(session, "127.0.0.1", echo.port()));
            }
            int denied = server.logLines("reason=max-channels").size();
            assertThat(MinaSshClient.refusalCode(session, "127.0.0.1", echo.port()))
                    .as("reason code for channel %d", CAP + 1).isEqualTo(SshConstants.SSH_OPEN_RESOURCE_SHORTAGE);
            server.process().awaitStderrLine("channel denied remote_addr=127.0.0.1 reason=max-channels", WAIT);
            assertThat(server.logLines("reason=max-channels")).hasSize(denied + 1);
            for (ChannelDirectTcpip channel : open) {
                assertEchoes(channel);
            }

            open.remove(0).close(false).await(WAIT);
            awaitChannelCountBelowCap(session);
            ChannelDirectTcpip again = MinaSshClient.openDirectTcpip(session, "127.0.0.1", echo.port());
            open.add(again);
            assertEchoes(again);
            assertThat(session.isOpen()).isTrue();
        } finally {
            session.close(false).await(WAIT);
        }
    }

    @Test
    void openSshLocalForwardGetsResourceShortageForTheSixthConnection() throws Exception {
        int local = FreePorts.pick();
        List<Socket> held = new ArrayList<>();
        try (OpenSshClient ssh = server.ssh().args("-N", "-L", "127.0.0.1:" + local + ":127.0.0.1:" + echo.port())
                .start()) {
            ssh.waitForPort(local);
            for (int i = 0; i < CAP; i++) {
                Socket s = Sockets.connect(local);
                held.add(s);
                assertEchoes(s, "held connection " + (i + 1));
            }
            try (Socket sixth = Sockets.connect(local)) {
                sixth.setSoTimeout((int) WAIT.toMillis());
                try {
                    assertThat(sixth.getInputStream().read()).as("the sixth connection is closed").isEqualTo(-1);
                } catch (SocketException reset) {
                    // closed with a reset: refused as well
                }
            }
            ssh.stderr().awaitLine("open failed: resource shortage", WAIT);
            for (int i = 0; i < held.size(); i++) {
                assertEchoes(held.get(i), "held connection " + (i + 1) + " after the refusal");
            }
            held.remove(0).close();
            assertALaterConnectionEchoes(local); // once the server has seen that channel close
            assertThat(ssh.isAlive()).isTrue();
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
    }

    private static void assertEchoes(ChannelDirectTcpip channel) throws IOException {
        byte[] payload = "ping".getBytes(StandardCharsets.US_ASCII);
        channel.getInvertedIn().write(payload);
        channel.getInvertedIn().flush();
        assertThat(channel.getInvertedOut().readNBytes(payload.length)).isEqualTo(payload);
    }

    private static void assertEchoes(Socket s, String what) throws IOException {
        byte[] payload = Payloads.random(1024, what.hashCode());
        s.getOutputStream().write(payload);
        s.getOutputStream().flush();
        assertThat(Sockets.readExactly(s, payload.length)).as(what).isEqualTo(payload);
    }

    private static void assertALaterConnectionEchoes(int local) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            try (Socket later = Sockets.connect(local)) {
                assertEchoes(later, "a connection after one of the five closed");
                return;
            } catch (IOException refusedWhileTheCloseIsUnderWay) {
                if (System.nanoTime() > deadline) {
                    throw refusedWhileTheCloseIsUnderWay;
                }
                Thread.sleep(100);
            }
        }
    }

    private static void awaitChannelCountBelowCap(ClientSession session) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (session.getService(org.apache.sshd.common.session.ConnectionService.class) instanceof
                org.apache.sshd.common.session.helpers.AbstractConnectionService s && s.getChannels().size() >= CAP) {
            assertThat(System.nanoTime()).as("channel closed in time").isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
