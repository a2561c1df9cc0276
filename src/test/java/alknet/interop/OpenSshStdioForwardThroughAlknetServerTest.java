package alknet.interop;

import alknet.testsupport.EchoServer;
import alknet.testsupport.OpenSshClient;
import alknet.testsupport.Payloads;
import alknet.testsupport.ReceivedStream;
import alknet.testsupport.SinkServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static alknet.interop.Transfers.FOUR_MIB;
import static alknet.interop.Transfers.ONE_MIB;
import static alknet.interop.Transfers.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * OpenSSH {@code ssh -W host:port} against an alknet server: ssh's stdin and stdout become one direct-tcpip
 * channel; closing stdin sends EOF, and ssh exits 0 once the target has closed too.
 */
@Tag("interop")
@Timeout(60)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenSshStdioForwardThroughAlknetServerTest {
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
    void echoesOneMebibyteThroughStdinAndStdout() throws Exception {
        assertStdioEcho("127.0.0.1", ONE_MIB, 51);
    }

    @Test
    void echoesFourMebibytesToADomainTarget() throws Exception {
        assertStdioEcho("localhost", FOUR_MIB, 52);
    }

    @Test
    void deliversFourMebibytesIntoASinkAndExitsCleanly() throws Exception {
        byte[] payload = Payloads.random(FOUR_MIB, 53);
        int before = sink.received().size();
        try (OpenSshClient ssh = server.ssh().args("-W", "127.0.0.1:" + sink.port()).start()) {
            byte[] back = exchange(ssh, payload);

            ReceivedStream got = sink.awaitReceived(before + 1, WAIT).get(before);
            assertThat(got.bytes()).isEqualTo(FOUR_MIB);
            assertThat(got.sha256Hex()).isEqualTo(Payloads.sha256Hex(payload));
            assertThat(got.endedByEof()).as("stdin EOF reached the sink as EOF").isTrue();
            assertThat(back).isEmpty();
            assertThat(ssh.exitCode(WAIT)).as("ssh -W exit code; stderr:\n" + ssh.stderr().text()).isZero();
        }
    }

    private void assertStdioEcho(String host, int size, long seed) throws Exception {
        byte[] payload = Payloads.random(size, seed);
        try (OpenSshClient ssh = server.ssh().args("-W", host + ":" + echo.port()).start()) {
            byte[] echoed = exchange(ssh, payload);

            assertThat(echoed.length).as("bytes on ssh's stdout; stderr:\n" + ssh.stderr().text()).isEqualTo(size);
            assertThat(Payloads.sha256Hex(echoed)).isEqualTo(Payloads.sha256Hex(payload));
            assertThat(ssh.exitCode(WAIT)).as("ssh -W exit code; stderr:\n" + ssh.stderr().text()).isZero();
        }
    }

    /** Writes {@code payload} to ssh's stdin and closes it, while reading its stdout to EOF; both bounded. */
    private static byte[] exchange(OpenSshClient ssh, byte[] payload) throws Exception {
        CompletableFuture<Void> writing = CompletableFuture.runAsync(() -> {
            try (OutputStream in = ssh.stdin()) {
                in.write(payload);
            } catch (IOException e) {
                throw new IllegalStateException("writing to ssh's stdin failed; stderr:\n" + ssh.stderr().text(), e);
            }
        });
        CompletableFuture<byte[]> reading = CompletableFuture.supplyAsync(() -> {
            try (InputStream out = ssh.stdout()) {
                return out.readAllBytes();
            } catch (IOException e) {
                throw new IllegalStateException("reading ssh's stdout failed", e);
            }
        });
        try {
            writing.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            return reading.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("ssh -W transfer did not finish within " + WAIT + "; stderr:\n"
                    + ssh.stderr().text(), e);
        }
    }
}
