package alknet.security;

import alknet.api.Alknet;
import alknet.api.AlknetSession;
import alknet.api.Tunnel;
import alknet.api.ForwardSpec;
import alknet.testsupport.AlknetTestNodes;
import alknet.testsupport.EchoServer;
import alknet.testsupport.ExternalCommand;
import alknet.testsupport.OpenSshClient;
import io.vertx.core.buffer.Buffer;
import org.apache.sshd.client.channel.ChannelDirectTcpip;
import org.apache.sshd.client.session.ClientSession;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sessions against an in-process server ({@link AlknetTestNodes}) that end in every way a session can end: the real
 * {@code ssh} killed by SIGINT, SIGTERM or SIGKILL (in the handshake, idle, with an open {@code -W} channel, with data
 * in flight, holding a {@code -R} listener); alknet's client closing gracefully with a tunnel or a {@code -R} forward
 * open; MINA's client closing gracefully, closing at once, or its connection dropped with a reset by a relay
 * ({@link ResettingRelay}); a raw connection reset before login.
 */
final class SessionEndings {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String[] SIGNALS = {"INT", "TERM", "KILL"};

    private final AlknetTestNodes nodes;
    private final EchoServer echo;
    private final MinaSshClient mina;
    private final ResettingRelay relay;

    SessionEndings(AlknetTestNodes nodes, EchoServer echo, MinaSshClient mina, ResettingRelay relay) {
        this.nodes = nodes;
        this.echo = echo;
        this.mina = mina;
        this.relay = relay;
    }

    /** {@code count} OpenSSH sessions, {@code parallel} at a time, each ended by a signal (the three in turn). */
    void openSshSessionsKilledBySignals(int count, int parallel) throws Exception {
        for (int first = 0; first < count; first += parallel) {
            List<OpenSshClient> batch = new ArrayList<>();
            try {
                for (int i = first; i < Math.min(count, first + parallel); i++) {
                    batch.add(startOpenSsh(i));
                }
                for (int i = 0; i < batch.size(); i++) {
                    awaitReady(batch.get(i), first + i);
                }
                for (int i = 0; i < batch.size(); i++) {
                    signal(batch.get(i), SIGNALS[((first + i) / 5) % 3]);
                }
                for (OpenSshClient ssh : batch) {
                    ssh.exitCode(WAIT);
                }
            } finally {
                batch.forEach(OpenSshClient::close);
            }
        }
    }

    /** Mode by {@code i % 5}: handshake only, -W with an echo round trip, -W with 1 MiB in flight, -R, idle -N. */
    private OpenSshClient startOpenSsh(int i) throws IOException {
        OpenSshClient.Builder ssh = PinnedOpenSsh.to(nodes);
        return switch (i % 5) {
            case 0 -> ssh.args("-N").start(); // killed before or during the key exchange or login
            case 1, 2 -> ssh.args("-W", "127.0.0.1:" + echo.port()).start();
            case 3 -> ssh.args("-N", "-R", "127.0.0.1:0:127.0.0.1:" + echo.port()).start();
            default -> ssh.args("-v", "-N").start();
        };
    }

    private void awaitReady(OpenSshClient ssh, int i) throws Exception {
        switch (i % 5) {
            case 0 -> { }
            case 1 -> assertThat(roundTrip(ssh)).isEqualTo("ping\n");
            case 2 -> {
                assertThat(roundTrip(ssh)).isEqualTo("ping\n");
                // 1 MiB more that nobody reads back: the echo and the channel windows fill up.
                CompletableFuture.runAsync(() -> {
                    try {
                        ssh.stdin().write(new byte[1 << 20]);
                        ssh.stdin().flush();
                    } catch (IOException killedMeanwhile) {
                        // expected once the signal lands
                    }
                });
            }
            case 3 -> ssh.awaitAllocatedRemotePort(WAIT);
            default -> ssh.stderr().awaitLine("Authenticated to", WAIT);
        }
    }

    private static String roundTrip(OpenSshClient ssh) throws Exception {
        OutputStream in = ssh.stdin();
        in.write("ping\n".getBytes(StandardCharsets.US_ASCII));
        in.flush();
        InputStream out = ssh.stdout();
        return new String(CompletableFuture.supplyAsync(() -> {
            try {
                return out.readNBytes(5);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }).get(WAIT.toSeconds(), TimeUnit.SECONDS), StandardCharsets.US_ASCII);
    }

    /** A real signal to the ssh process: SIGINT through kill(1), SIGTERM and SIGKILL through the JDK. */
    private static void signal(OpenSshClient ssh, String signal) {
        switch (signal) {
            case "INT" -> ExternalCommand.run(Duration.ofSeconds(5), "kill", "-INT",
                    Long.toString(ssh.process().pid())).requireSuccess();
            case "TERM" -> ssh.process().destroy();
            default -> ssh.process().destroyForcibly();
        }
    }

    /**
     * {@code count} in-process client sessions, mode by {@code i % 6}: alknet's client with a tunnel open, closed
     * gracefully; alknet's client with a {@code -R} forward, closed gracefully; MINA with a channel, graceful close;
     * MINA with a channel, immediate close; MINA with a channel, TCP reset (through the relay); a raw connection
     * reset before login.
     */
    void inJvmClientSessions(int count) throws Exception {
        for (int i = 0; i < count; i++) {
            switch (i % 6) {
                case 0 -> alknetClientWithTunnel();
                case 1 -> alknetClientWithRemoteForward();
                case 2 -> minaSessionWithChannel(nodes.server().sshPort()).close(false).await(WAIT);
                case 3 -> minaSessionWithChannel(nodes.server().sshPort()).close(true).await(WAIT);
                case 4 -> reset(minaSessionWithChannel(relay.port()));
                default -> resetBeforeLogin();
            }
        }
    }

    private void alknetClientWithTunnel() throws Exception {
        AlknetSession client = AlknetTestNodes.await(Alknet.connect(nodes.vertx(), nodes.clientOptions().noSocks5()));
        try {
            AlknetTestNodes.await(client.firstSession());
            Tunnel tunnel = AlknetTestNodes.await(client.openChannel("127.0.0.1", echo.port()));
            CompletableFuture<String> echoed = new CompletableFuture<>();
            tunnel.handler(b -> echoed.complete(b.toString(StandardCharsets.US_ASCII)));
            tunnel.resume();
            tunnel.write(Buffer.buffer("ping"));
            assertThat(echoed.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("ping");
        } finally {
            AlknetTestNodes.await(client.close()); // the tunnel is still open
        }
    }

    private void alknetClientWithRemoteForward() throws Exception {
        AlknetSession client = AlknetTestNodes.await(Alknet.connect(nodes.vertx(), nodes.clientOptions().noSocks5()
                .addRemoteForward(new ForwardSpec("127.0.0.1", 0, "127.0.0.1", echo.port()))));
        try {
            AlknetTestNodes.await(client.firstSession());
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (client.remoteForwardPort(0) < 0) {
                assertThat(System.nanoTime()).as("-R granted in time").isLessThan(deadline);
                Thread.sleep(10);
            }
        } finally {
            AlknetTestNodes.await(client.close());
        }
    }

    private ClientSession minaSessionWithChannel(int port) throws IOException {
        ClientSession session = mina.login(port);
        ChannelDirectTcpip channel = MinaSshClient.openDirectTcpip(session, "127.0.0.1", echo.port());
        channel.getInvertedIn().write("ping".getBytes(StandardCharsets.US_ASCII));
        channel.getInvertedIn().flush();
        assertThat(channel.getInvertedOut().readNBytes(4)).isEqualTo("ping".getBytes(StandardCharsets.US_ASCII));
        return session;
    }

    /** A connection that reads the server's identification, sends its own, then drops with a reset (SO_LINGER 0). */
    private void resetBeforeLogin() throws IOException {
        try (java.net.Socket raw = alknet.testsupport.Sockets.connect(nodes.server().sshPort())) {
            assertThat(TwentyConnections.firstLine(raw)).startsWith("SSH-2.0-");
            raw.getOutputStream().write("SSH-2.0-OpenSSH_9.2\r\n".getBytes(StandardCharsets.US_ASCII));
            raw.getOutputStream().flush();
            raw.setSoLinger(true, 0);
        }
    }

    /** Drops the session's connection (made through the relay) with a reset: no SSH disconnect, no FIN. */
    private void reset(ClientSession session) throws IOException {
        relay.reset(((InetSocketAddress) session.getIoSession().getLocalAddress()).getPort());
        session.close(true).await(WAIT);
    }
}
