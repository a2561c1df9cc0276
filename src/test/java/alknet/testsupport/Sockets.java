package alknet.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Blocking socket helpers with bounded waits, for pushing bytes through tunnels in tests. */
public final class Sockets {
    /** Read timeout put on sockets these helpers open, so a stuck tunnel fails a test instead of hanging it. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private Sockets() {}

    /** Connects to 127.0.0.1:{@code port} with a 5 s connect timeout and a 10 s read timeout. */
    public static Socket connect(int port) throws IOException {
        return connect(new InetSocketAddress("127.0.0.1", port));
    }

    public static Socket connect(InetSocketAddress address) throws IOException {
        Socket socket = new Socket();
        try {
            socket.connect(address, 5_000);
            socket.setSoTimeout((int) DEFAULT_TIMEOUT.toMillis());
            socket.setTcpNoDelay(true);
            return socket;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    /**
     * Writes {@code data} on a separate thread and then shuts down the output (half-close), while
     * reading everything the peer sends until it closes; returns what was read. Suits echo paths.
     */
    public static byte[] exchange(Socket socket, byte[] data, Duration timeout) throws IOException {
        CompletableFuture<Void> writer = new CompletableFuture<>();
        Thread writing = new Thread(() -> {
            try {
                sendAndShutdownOutput(socket, data);
                writer.complete(null);
            } catch (Throwable t) {
                writer.completeExceptionally(t);
            }
        }, "sockets-exchange-writer");
        writing.setDaemon(true);
        writing.start();
        byte[] received = readUntilEof(socket, timeout);
        try {
            writer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IOException("writing failed", e.getCause());
        } catch (TimeoutException e) {
            throw new SocketTimeoutException("writing did not finish within " + timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        return received;
    }

    /** Writes all of {@code data}, flushes, and half-closes (FIN) the socket's output. */
    public static void sendAndShutdownOutput(Socket socket, byte[] data) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(data);
        out.flush();
        socket.shutdownOutput();
    }

    /** Reads until EOF; throws SocketTimeoutException if EOF has not come within {@code timeout}. */
    public static byte[] readUntilEof(Socket socket, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[64 * 1024];
        int previousTimeout = socket.getSoTimeout();
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new SocketTimeoutException("no EOF within " + timeout + " (" + received.size()
                            + " bytes read)");
                }
                socket.setSoTimeout((int) Math.max(1, left / 1_000_000));
                int n = in.read(buffer);
                if (n < 0) {
                    return received.toByteArray();
                }
                received.write(buffer, 0, n);
            }
        } finally {
            if (!socket.isClosed()) {
                socket.setSoTimeout(previousTimeout);
            }
        }
    }

    /** Reads exactly {@code n} bytes (bounded by the socket's read timeout); EOF before that is an error. */
    public static byte[] readExactly(Socket socket, int n) throws IOException {
        byte[] data = socket.getInputStream().readNBytes(n);
        if (data.length != n) {
            throw new IOException("EOF after " + data.length + " of " + n + " bytes");
        }
        return data;
    }

    /**
     * True when the peer closes (EOF or reset) within {@code within}, discarding any bytes it sends
     * first; false when the connection is still open after that time. For "closes that connection only".
     */
    public static boolean closedByPeer(Socket socket, Duration within) throws IOException {
        long deadline = System.nanoTime() + within.toNanos();
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[4096];
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            socket.setSoTimeout((int) Math.max(1, left / 1_000_000));
            try {
                if (in.read(buffer) < 0) {
                    return true;
                }
            } catch (SocketTimeoutException e) {
                return false;
            } catch (IOException e) {
                return true; // connection reset
            }
        }
    }
}
