package alknet.security;

import alknet.testsupport.AlknetProcess;
import alknet.testsupport.EchoServer;
import alknet.testsupport.FreePorts;
import alknet.testsupport.OpenSshClient;
import alknet.testsupport.SinkServer;
import alknet.testsupport.TunnelDestinations;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Acceptance 1 with the real jar and the real {@code ssh}: a {@code -R} onto an address the server process already
 * listens on (its ops port, its SSH port, another session's {@code -R} port) is refused with
 * {@code remote forward denied ... reason=address-in-use}, and while the refused session stays connected the original
 * listener still serves all of twenty new connections (none reaches the intruder's target). And {@code alknet connect}
 * with {@code --forward} on its own {@code --socks5} address exits 2 naming both flags.
 */
@Tag("interop")
@Timeout(180)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RemoteForwardOntoBusyAddressIT {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String DENIED = "remote forward denied remote_addr=127.0.0.1 reason=address-in-use";

    private ServeProcess server;
    private EchoServer ownersTarget;
    private SinkServer intrudersTarget;

    @BeforeAll
    void start() throws Exception {
        ownersTarget = EchoServer.start();
        intrudersTarget = SinkServer.start();
        TunnelDestinations.record("127.0.0.1", ownersTarget.port());
        TunnelDestinations.record("127.0.0.1", intrudersTarget.port());
        // Twenty connections in a row from one address, each closed after the banner: a slot of the per-address
        // startup limit (default 10) is freed only when the server has seen the close, so on a busy machine the
        // eleventh could be refused. Lifted here: this class is about who answers on a port, not about that limit.
        server = ServeProcess.start("serve-busy", "--max-startups-per-ip", "0");
    }

    @AfterAll
    void stop() {
        try (ServeProcess s = server; EchoServer e = ownersTarget; SinkServer k = intrudersTarget) {
            // closed in reverse order
        }
    }

    @Test
    void remoteForwardOntoTheOpsPortIsRefusedAndOpsServesAllTwenty() throws Exception {
        int denied = server.logLines(DENIED).size();
        try (OpenSshClient intruder = refusedRemoteForward("localhost", server.opsPort())) {
            TwentyConnections.allGetHttp200(server.opsPort(), "/livez");
            assertIntruderGotNothing(intruder);
        }
        awaitDeniedLines(denied + 1);
    }

    @Test
    void remoteForwardOntoTheSshPortIsRefusedAndSshServesAllTwenty() throws Exception {
        int denied = server.logLines(DENIED).size();
        try (OpenSshClient intruder = refusedRemoteForward("127.0.0.1", server.sshPort())) {
            TwentyConnections.allGetTheBanner(server.sshPort(), "SSH-2.0-alknet_0.1");
            assertIntruderGotNothing(intruder);
        }
        awaitDeniedLines(denied + 1);
    }

    @Test
    void remoteForwardOntoAnotherSessionsPortIsRefusedAndItServesAllTwenty() throws Exception {
        try (OpenSshClient owner = server.ssh().args("-N", "-R", "127.0.0.1:0:127.0.0.1:" + ownersTarget.port())
                .start()) {
            int port = owner.awaitAllocatedRemotePort(WAIT);
            int denied = server.logLines(DENIED).size();
            try (OpenSshClient intruder = refusedRemoteForward("127.0.0.1", port)) {
                TwentyConnections.allEcho(port);
                assertIntruderGotNothing(intruder);
            }
            awaitDeniedLines(denied + 1);
            TwentyConnections.allEcho(port); // and after the intruder left, the owner's forward is still whole
        }
    }

    @Test
    void connectWithForwardOnItsOwnSocks5AddressExitsTwoNamingBothFlags() {
        int port = FreePorts.pick();
        try (AlknetProcess client = server.client("connect-conflict", "--socks5", "127.0.0.1:" + port,
                "--forward", "127.0.0.1:" + port + ":127.0.0.1:" + ownersTarget.port()).start()) {
            int exit = client.exitCode(WAIT);
            String stderr = String.join("\n", client.stderrLines());
            assertThat(exit).as("exit code; stderr:\n" + stderr).isEqualTo(2);
            assertThat(stderr).contains("--socks5").contains("--forward").contains(Integer.toString(port));
            assertThat(stderr).doesNotContain("session up");
        }
    }

    /** {@code ssh -N -R host:port:...} that stays connected although the server refuses its forward. */
    private OpenSshClient refusedRemoteForward(String bindHost, int port) {
        return Intruder.refusedRemoteForward(server.ssh(), bindHost, port, intrudersTarget, WAIT);
    }

    private void assertIntruderGotNothing(OpenSshClient intruder) {
        Intruder.assertGotNothing(intruder, intrudersTarget);
    }

    private void awaitDeniedLines(int count) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (server.logLines(DENIED).size() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("expected " + count + " '" + DENIED + "' lines; server log:\n"
                        + String.join("\n", server.process().stderrLines()));
            }
            Thread.sleep(20);
        }
    }
}
