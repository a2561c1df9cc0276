package alknet.e2e;

import alknet.testsupport.Payloads;
import alknet.testsupport.Sockets;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Keeps one tunnel connection to an echo server busy: writes 32 KiB, reads it back, compares, over
 * and over, so a test can show that something else happening at the same time never disturbs a
 * session that is carrying data.
 */
final class TrafficCarrier implements AutoCloseable {
    private final Socket socket;
    private final Thread thread;
    private final AtomicLong rounds = new AtomicLong();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile boolean stopping;

    private TrafficCarrier(Socket socket) {
        this.socket = socket;
        this.thread = new Thread(this::run, "traffic-carrier");
        this.thread.setDaemon(true);
    }

    /** Connects to 127.0.0.1:{@code port} (a tunnel entrance whose far end echoes) and starts the loop. */
    static TrafficCarrier start(int port) throws IOException {
        TrafficCarrier carrier = new TrafficCarrier(Sockets.connect(port));
        carrier.thread.start();
        return carrier;
    }

    private void run() {
        byte[] chunk = Payloads.random(32 * 1024, 7);
        try {
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            while (!stopping) {
                out.write(chunk);
                out.flush();
                byte[] back = in.readNBytes(chunk.length);
                if (!Arrays.equals(back, chunk)) {
                    throw new AssertionError("echo through the tunnel differed in round " + rounds.get()
                            + " (" + back.length + " bytes back)");
                }
                rounds.incrementAndGet();
            }
        } catch (Throwable t) {
            if (!stopping) {
                failure.set(t);
            }
        }
    }

    long rounds() {
        return rounds.get();
    }

    /** Waits until {@code more} further round trips succeeded; fails if the carrier broke. */
    void awaitMoreRounds(long more, Duration timeout) {
        long target = rounds.get() + more;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (rounds.get() < target) {
            assertHealthy();
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the busy tunnel made only " + rounds.get() + " of " + target
                        + " round trips within " + timeout);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        assertHealthy();
    }

    void assertHealthy() {
        Throwable t = failure.get();
        if (t != null) {
            throw new AssertionError("the busy tunnel broke after " + rounds.get() + " round trips", t);
        }
        if (!thread.isAlive() && !stopping) {
            throw new AssertionError("the busy tunnel's loop ended after " + rounds.get() + " round trips");
        }
    }

    @Override
    public void close() throws IOException {
        stopping = true;
        socket.close();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
