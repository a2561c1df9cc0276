package alknet.interop;

import alknet.testsupport.Payloads;
import alknet.testsupport.ReceivedStream;
import alknet.testsupport.SinkServer;
import alknet.testsupport.Sockets;
import alknet.testsupport.TunnelDestinations;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The two byte-exact checks every interop path gets: an echo with half-close, and a one-way push into a sink. */
final class Transfers {
    static final int ONE_MIB = 1 << 20;
    static final int FOUR_MIB = 4 << 20;
    static final Duration WAIT = Duration.ofSeconds(20);

    private Transfers() {}

    /** Registers the targets by every name the tests use, for the destination-free-logs check (10-tunnel.md s. 4). */
    static void recordDestinations(int... ports) {
        for (int port : ports) {
            TunnelDestinations.record("127.0.0.1", port);
            TunnelDestinations.record("localhost", port);
        }
    }

    /**
     * Sends {@code size} seeded bytes, half-closes, and expects the same bytes back followed by EOF: proves both
     * directions and that EOF crosses the tunnel each way (the echo server only closes after it sees our EOF).
     */
    static void assertEchoes(Socket tunnel, int size, long seed) throws IOException {
        byte[] payload = Payloads.random(size, seed);
        byte[] echoed = Sockets.exchange(tunnel, payload, WAIT);
        assertThat(echoed.length).as("bytes echoed back").isEqualTo(size);
        assertThat(Payloads.sha256Hex(echoed)).as("SHA-256 of the echo").isEqualTo(Payloads.sha256Hex(payload));
    }

    /**
     * As {@link #assertEchoes}, but the reader starts only after {@code lateBy}: the payload and its EOF are all
     * sent while the echo piles up in the tunnel, so the far side finishes (EOF, channel close) while data is
     * still queued toward us. Whatever is queued must still arrive.
     */
    static void assertEchoesToLateReader(Socket tunnel, int size, long seed, Duration lateBy) throws Exception {
        byte[] payload = Payloads.random(size, seed);
        CompletableFuture<Void> writing = CompletableFuture.runAsync(() -> {
            try {
                Sockets.sendAndShutdownOutput(tunnel, payload);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        Thread.sleep(lateBy.toMillis());
        byte[] echoed = Sockets.readUntilEof(tunnel, WAIT);
        writing.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(echoed.length).as("bytes echoed back to a reader late by " + lateBy).isEqualTo(size);
        assertThat(Payloads.sha256Hex(echoed)).as("SHA-256 of the echo").isEqualTo(Payloads.sha256Hex(payload));
    }

    /**
     * Sends {@code size} seeded bytes into a tunnel that ends at {@code sink}, half-closes, and expects the sink
     * to have received exactly those bytes ending with a clean EOF, then the tunnel to close from the far side.
     */
    static void assertSinks(Socket tunnel, SinkServer sink, int size, long seed) throws IOException {
        byte[] payload = Payloads.random(size, seed);
        int before = sink.received().size();
        Sockets.sendAndShutdownOutput(tunnel, payload);
        ReceivedStream got = sink.awaitReceived(before + 1, WAIT).get(before);
        assertThat(got.bytes()).as("bytes the sink received").isEqualTo(size);
        assertThat(got.sha256Hex()).as("SHA-256 at the sink").isEqualTo(Payloads.sha256Hex(payload));
        assertThat(got.endedByEof()).as("the sink saw EOF (half-close propagated)").isTrue();
        assertThat(Sockets.readUntilEof(tunnel, WAIT)).as("nothing comes back, then EOF").isEmpty();
    }
}
