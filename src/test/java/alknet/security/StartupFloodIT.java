package alknet.security;

import alknet.testsupport.EchoServer;
import alknet.testsupport.OpenSshClient;
import alknet.testsupport.Payloads;
import alknet.testsupport.TunnelDestinations;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Acceptance 4 with the real jar and default settings: 200 idle TCP connections from 127.0.0.1 (they never send a
 * byte) do not keep a client from 127.0.0.2 ({@code ssh -b 127.0.0.2}) from logging in and carrying data, because
 * one address holds at most {@code --max-startups-per-ip} (10) unauthenticated slots, below the start of random
 * early drop; and the refusals cost a handful of {@code connection rejected} lines, not 200.
 */
@Tag("interop")
@Timeout(120)
class StartupFloodIT {
    private static final int IDLE = 200;
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void idleFloodFromOneAddressDoesNotLockOutAnother() throws Exception {
        List<Socket> idle = new ArrayList<>();
        try (EchoServer echo = EchoServer.start(); ServeProcess server = ServeProcess.start("serve-flood")) {
            TunnelDestinations.record("127.0.0.1", echo.port());
            InetAddress flooder = InetAddress.getByName("127.0.0.1");
            for (int i = 0; i < IDLE; i++) {
                Socket s = new Socket();
                idle.add(s);
                s.bind(new InetSocketAddress(flooder, 0));
                s.connect(new InetSocketAddress("127.0.0.1", server.sshPort()), 5_000);
            }
            server.process().awaitStderrLine("connection rejected remote_addr=127.0.0.1 reason=max-startups-per-ip",
                    WAIT);

            byte[] payload = Payloads.random(64 * 1024, 4);
            try (OpenSshClient ssh = server.ssh().args("-b", "127.0.0.2", "-W", "127.0.0.1:" + echo.port()).start()) {
                assertThat(exchange(ssh, payload)).as("echo through ssh -b 127.0.0.2 -W; stderr:\n"
                        + ssh.stderr().text()).isEqualTo(payload);
                assertThat(ssh.exitCode(WAIT)).isZero();
            }

            assertThat(server.logLines("auth attempt remote_addr=127.0.0.2 "))
                    .anyMatch(l -> l.contains("result=accept"));
            assertThat(server.logLines("connection rejected remote_addr=127.0.0.2")).isEmpty();
            List<String> rejections = server.logLines("connection rejected");
            assertThat(rejections).as("rejection lines for %d refused connections", IDLE - 10)
                    .isNotEmpty().hasSizeLessThanOrEqualTo(3);
            assertThat(stillOpen(idle)).as("idle connections the server holds (its per-address startup cap)")
                    .isEqualTo(10);
        } finally {
            for (Socket s : idle) {
                s.close();
            }
        }
    }

    /** Idle connections the server has not closed: a closed one reads EOF after the server's banner. */
    private static int stillOpen(List<Socket> sockets) throws IOException {
        int open = 0;
        for (Socket s : sockets) {
            s.setSoTimeout(200);
            InputStream in = s.getInputStream();
            try {
                byte[] buffer = new byte[256];
                int n;
                do {
                    n = in.read(buffer);
                } while (n > 0);
            } catch (java.net.SocketTimeoutException waiting) {
                open++;
            } catch (IOException reset) {
                // closed by the server
            }
        }
        return open;
    }

    private static byte[] exchange(OpenSshClient ssh, byte[] payload) throws Exception {
        CompletableFuture<Void> writing = CompletableFuture.runAsync(() -> {
            try (OutputStream in = ssh.stdin()) {
                in.write(payload);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        try (InputStream out = ssh.stdout()) {
            byte[] back = out.readAllBytes();
            writing.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            return back;
        }
    }
}
