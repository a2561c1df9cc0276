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
 * Swallows everything sent to it and records, per connection, the byte count and SHA-256; counts
 * accepted connections so a test can assert that a denied tunnel never connected.
 */
public final class SinkServer extends LoopbackServer {
    private final List<ReceivedStream> received = new ArrayList<>();
    private final AtomicLong totalBytes = new AtomicLong();

    private SinkServer(InetAddress bindAddress) {
        super("sink", bindAddress, 0);
    }

    /** Starts on 127.0.0.1, ephemeral port. */
    public static SinkServer start() {
        return start(InetAddress.getLoopbackAddress());
    }

    public static SinkServer start(InetAddress bindAddress) {
        SinkServer server = new SinkServer(bindAddress);
        server.startAccepting();
        return server;
    }

    @Override
    protected void handle(Socket socket) throws IOException {
        MessageDigest sha = Payloads.newSha256();
        long count = 0;
        boolean eof = false;
        try {
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                sha.update(buffer, 0, n);
                count += n;
                totalBytes.addAndGet(n);
            }
            eof = true;
        } finally {
            synchronized (this) {
                received.add(new ReceivedStream(count, Payloads.hex(sha.digest()), eof));
                notifyAll();
            }
        }
    }

    /** Connections that have ended so far, in the order they ended. */
    public synchronized List<ReceivedStream> received() {
        return List.copyOf(received);
    }

    /** Waits until {@code count} connections have ended; returns all ended so far. */
    public synchronized List<ReceivedStream> awaitReceived(int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (received.size() < count) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("sink: " + received.size() + " of " + count + " connections ended after "
                        + timeout + " (accepted " + acceptedConnections() + ", bytes so far " + totalBytes() + ")");
            }
            waitNanos(left);
        }
        return List.copyOf(received);
    }

    /** Bytes received over all connections, including ones still open. */
    public long totalBytes() {
        return totalBytes.get();
    }
}
