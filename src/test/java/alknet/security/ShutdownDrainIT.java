package alknet.security;

import alknet.testsupport.FreePorts;
import alknet.testsupport.OpenSshClient;
import alknet.testsupport.Payloads;
import alknet.testsupport.ReceivedStream;
import alknet.testsupport.SinkServer;
import alknet.testsupport.Sockets;
import alknet.testsupport.TunnelDestinations;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Acceptance 6 with the real jar and the real {@code ssh -L}: SIGTERM arrives while a transfer runs that can finish
 * within {@code --drain-timeout}. The server logs {@code shutdown started ... sessions=1 channels=1}, refuses a
 * channel opened after the signal (resource shortage, {@code reason=shutting-down}), lets the running transfer
 * complete byte for byte (SHA-256 of a seeded stream at both ends), then disconnects, logs
 * {@code shutdown complete after=..s} and exits 0. 1 GiB at full speed is tagged slow; by default 48 MiB paced
 * over about two seconds.
 */
@Tag("interop")
class ShutdownDrainIT {
    private static final int MIB = 1 << 20;

    @Test
    @Timeout(180)
    void sigtermDuringAPacedTransferLetsItFinishThenExitsZero() throws Exception {
        drainDuring(48, 40, Duration.ofMillis(40), "60s");
    }

    @Test
    @Tag("slow")
    @Timeout(900)
    void sigtermDuringAOneGibibyteTransferLetsItFinishThenExitsZero() throws Exception {
        drainDuring(1024, 64, Duration.ZERO, "600s");
    }

    /**
     * With sessions but no open channel there is nothing to drain: SIGTERM disconnects at once and the process exits
     * 0 well before the (long) drain timeout, having logged both lines.
     */
    @Test
    @Timeout(120)
    void sigtermWithOnlyIdleSessionsExitsAtOnce() throws Exception {
        try (ServeProcess server = ServeProcess.start("serve-idle-drain", "--drain-timeout", "60s");
             OpenSshClient idle = server.ssh().args("-v", "-N").start()) {
            idle.stderr().awaitLine("Authenticated to", Duration.ofSeconds(20));
            long signalled = System.nanoTime();
            server.process().signal("TERM");
            int exit = server.process().exitCode(Duration.ofSeconds(30));
            Duration took = Duration.ofNanos(System.nanoTime() - signalled);
            assertThat(exit).isZero();
            assertThat(took).as("time from SIGTERM to exit").isLessThan(Duration.ofSeconds(15));
            assertThat(server.process().stderrLines()).anyMatch(l -> l.contains("shutdown started drain_timeout=60s"
                    + " sessions=1 channels=0")).anyMatch(l -> l.contains("shutdown complete after="));
            idle.stderr().awaitLine("server shutting down", Duration.ofSeconds(10));
        }
    }

    /** Sends {@code mib} MiB through ssh -L (pausing {@code pace} per MiB); SIGTERM once {@code signalAtMib} arrived. */
    private static void drainDuring(int mib, int signalAtMib, Duration pace, String drainTimeout) throws Exception {
        try (SinkServer sink = SinkServer.start();
             ServeProcess server = ServeProcess.start("serve-drain", "--drain-timeout", drainTimeout)) {
            TunnelDestinations.record("127.0.0.1", sink.port());
            int local = FreePorts.pick();
            try (OpenSshClient ssh = server.ssh().args("-N", "-L", "127.0.0.1:" + local + ":127.0.0.1:" + sink.port())
                    .start()) {
                ssh.waitForPort(local);
                try (Socket transfer = Sockets.connect(local)) {
                    CompletableFuture<String> sent = CompletableFuture.supplyAsync(() -> send(transfer, mib, pace));
                    awaitBytes(sink, (long) signalAtMib * MIB, sent);
                    server.process().signal("TERM");
                    String started = server.process().awaitStderrLine("shutdown started", Duration.ofSeconds(20));
                    assertThat(started).contains("drain_timeout=" + drainTimeout).contains("sessions=1")
                            .contains("channels=1");
                    assertThat(sent).as("the transfer is still running when the drain starts").isNotDone();

                    try {
                        assertChannelAfterSigtermIsRefused(server, ssh, sink, local);
                    } catch (Exception | AssertionError e) {
                        throw new AssertionError("late channel check failed; server log:\n"
                                + String.join("\n", server.process().stderrLines()) + "\nssh stderr:\n"
                                + ssh.stderr().text(), e);
                    }

                    String sha = sent.get(15, TimeUnit.MINUTES);
                    ReceivedStream got = sink.awaitReceived(1, Duration.ofMinutes(5)).get(0);
                    assertThat(got.bytes()).as("bytes at the sink").isEqualTo((long) mib * MIB);
                    assertThat(got.sha256Hex()).as("SHA-256 at the sink").isEqualTo(sha);
                    assertThat(got.endedByEof()).isTrue();
                }
                int exit = server.process().exitCode(Duration.ofSeconds(60));
                assertThat(exit).as("server exit code after SIGTERM").isZero();
                assertThat(server.process().stderrLines()).anyMatch(l -> l.matches(".*shutdown complete after=\\d+\\.\\d+s.*"));
                ssh.exitCode(Duration.ofSeconds(20)); // disconnected by the server
            }
            assertThat(sink.acceptedConnections()).as("connections that reached the sink: the transfer only").isEqualTo(1);
        }
    }

    /** A second -L connection after SIGTERM: ssh's channel open is refused (code 4) and nothing reaches the sink. */
    private static void assertChannelAfterSigtermIsRefused(ServeProcess server, OpenSshClient ssh, SinkServer sink,
                                                           int local) throws Exception {
        int denied = server.logLines("channel denied remote_addr=127.0.0.1 reason=shutting-down").size();
        try (Socket late = Sockets.connect(local)) {
            late.setSoTimeout(20_000);
            try {
                assertThat(late.getInputStream().read()).as("the late connection is closed, no data").isEqualTo(-1);
            } catch (SocketException reset) {
                // closed with a reset: refused as well
            }
        }
        ssh.stderr().awaitLine("open failed: resource shortage", Duration.ofSeconds(20));
        server.process().awaitStderrLine("reason=shutting-down", Duration.ofSeconds(20));
        assertThat(server.logLines("channel denied remote_addr=127.0.0.1 reason=shutting-down")).hasSize(denied + 1);
        assertThat(sink.acceptedConnections()).isEqualTo(1);
    }

    /** Writes {@code mib} seeded MiB blocks, then half-closes; returns the SHA-256 of everything written. */
    private static String send(Socket socket, int mib, Duration pace) {
        try {
            MessageDigest sha = Payloads.newSha256();
            Random random = new Random(6);
            byte[] block = new byte[MIB];
            OutputStream out = socket.getOutputStream();
            for (int i = 0; i < mib; i++) {
                random.nextBytes(block);
                sha.update(block);
                out.write(block);
                if (!pace.isZero()) {
                    Thread.sleep(pace.toMillis());
                }
            }
            out.flush();
            socket.shutdownOutput();
            return Payloads.hex(sha.digest());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("sending failed", e);
        }
    }

    private static void awaitBytes(SinkServer sink, long bytes, CompletableFuture<String> sender) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (sink.totalBytes() < bytes) {
            if (sender.isDone()) {
                sender.get(); // surfaces a sending failure
            }
            assertThat(System.nanoTime()).as("%d bytes at the sink in time", bytes).isLessThan(deadline);
            Thread.sleep(5);
        }
    }
}
