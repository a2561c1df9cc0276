package alknet.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Accepts and reads at a limited rate (bytes per second; 0 = read nothing), so back-pressure
 * tests can show that a sender stalls instead of the tunnel buffering without bound. The rate can
 * be changed while running (e.g. stall, measure, then drain).
 */
public final class SlowReader extends LoopbackServer {
    private volatile long bytesPerSecond;
    private final AtomicLong bytesRead = new AtomicLong();
    private final List<ReceivedStream> received = new ArrayList<>();

    private SlowReader(long bytesPerSecond, int receiveBufferSize) {
        super("slow-reader", InetAddress.getLoopbackAddress(), receiveBufferSize);
        this.bytesPerSecond = bytesPerSecond;
    }

    /** Starts on 127.0.0.1 reading at most {@code bytesPerSecond}, with the OS default receive buffer. */
    public static SlowReader start(long bytesPerSecond) {
        return start(bytesPerSecond, 0);
    }

    /** As {@link #start(long)} with a fixed socket receive buffer (smaller = less kernel buffering). */
    public static SlowReader start(long bytesPerSecond, int receiveBufferSize) {
        SlowReader reader = new SlowReader(bytesPerSecond, receiveBufferSize);
        reader.startAccepting();
        return reader;
    }

    public void setBytesPerSecond(long bytesPerSecond) {
        this.bytesPerSecond = bytesPerSecond;
    }

    /** Bytes read so far over all connections. */
    public long bytesRead() {
        return bytesRead.get();
    }

    /** Connections that have ended so far, with their totals and SHA-256. */
    public synchronized List<ReceivedStream> received() {
        return List.copyOf(received);
    }

    /** Waits until {@code count} connections have ended; returns all ended so far. */
    public synchronized List<ReceivedStream> awaitReceived(int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (received.size() < count) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("slow reader: " + received.size() + " of " + count
                        + " connections ended after " + timeout + " (" + bytesRead() + " bytes read)");
            }
            waitNanos(left);
        }
        return List.copyOf(received);
    }

    @Override
    protected void handle(Socket socket) throws IOException {
        MessageDigest sha = Payloads.newSha256();
        long count = 0;
        boolean eof = false;
        try {
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[16 * 1024];
            long windowStart = System.nanoTime();
            long readInWindow = 0;
            while (true) {
                long rate = bytesPerSecond;
                long now = System.nanoTime();
                if (rate <= 0 || now - windowStart > 1_000_000_000L) {
                    windowStart = now;
                    readInWindow = 0;
                }
                if (rate <= 0) {
                    Pause.millis(20);
                    continue;
                }
                long burst = Math.max(1, rate / 20);
                long allowed = rate * (now - windowStart) / 1_000_000_000L + burst - readInWindow;
                if (allowed <= 0) {
                    Pause.millis(5);
                    continue;
                }
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, allowed));
                if (n < 0) {
                    eof = true;
                    return;
                }
                sha.update(buffer, 0, n);
                count += n;
                readInWindow += n;
                bytesRead.addAndGet(n);
            }
        } finally {
            synchronized (this) {
                received.add(new ReceivedStream(count, Payloads.hex(sha.digest()), eof));
                notifyAll();
            }
        }
    }
}
