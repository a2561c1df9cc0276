package alknet.call;

import alknet.call.frame.Envelope;
import alknet.call.frame.FrameDecoder;
import alknet.call.frame.FrameEncoder;
import alknet.call.frame.FrameStep;
import io.vertx.core.buffer.Buffer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.function.Predicate;

/**
 * A blocking peer that speaks frames by hand over a plain java.net socket, so tests control every byte the call
 * layer receives (duplicate ids, forged identity fields, garbage) and see every frame it sends.
 */
public final class RawFramePeer implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final FrameDecoder decoder = new FrameDecoder();
    private final ArrayDeque<Envelope> received = new ArrayDeque<>();

    public RawFramePeer(int port) {
        this(port, 0);
    }

    /** @param receiveBufferSize the socket's receive buffer (small = little kernel buffering), 0 = the OS default */
    public RawFramePeer(int port, int receiveBufferSize) {
        try {
            socket = new Socket();
            if (receiveBufferSize > 0) {
                socket.setReceiveBufferSize(receiveBufferSize);
            }
            socket.connect(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            socket.setTcpNoDelay(true);
            in = socket.getInputStream();
            out = socket.getOutputStream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public RawFramePeer send(Envelope envelope) {
        return sendBytes(new FrameEncoder(FrameDecoder.DEFAULT_MAX_FRAME).encode(envelope).getBytes());
    }

    public RawFramePeer sendBytes(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The next envelope, waiting at most {@code limit}; fails the test when none comes. */
    public Envelope next(Duration limit) {
        return next(e -> true, limit);
    }

    /** The next envelope matching {@code wanted}; others received meanwhile are dropped. */
    public Envelope next(Predicate<Envelope> wanted, Duration limit) {
        long end = System.nanoTime() + limit.toNanos();
        while (true) {
            while (!received.isEmpty()) {
                Envelope e = received.poll();
                if (wanted.test(e)) {
                    return e;
                }
            }
            long left = end - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no matching envelope within " + limit);
            }
            if (read((int) Math.max(1, left / 1_000_000)) < 0) {
                throw new AssertionError("the connection closed while waiting for an envelope");
            }
        }
    }

    /** Every envelope that arrives until nothing has come for {@code quiet}. */
    public java.util.List<Envelope> drainUntilQuiet(Duration quiet) {
        java.util.List<Envelope> all = new java.util.ArrayList<>();
        while (true) {
            all.addAll(received);
            received.clear();
            int n = read((int) quiet.toMillis());
            if (n <= 0) {
                all.addAll(received);
                received.clear();
                return all;
            }
        }
    }

    /** True when the other side closes the connection within {@code limit} (frames received meanwhile are kept). */
    public boolean closedWithin(Duration limit) {
        long end = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < end) {
            try {
                if (read((int) Math.max(1, (end - System.nanoTime()) / 1_000_000)) < 0) {
                    return true;
                }
            } catch (UncheckedIOException e) {
                return true; // reset
            }
        }
        return false;
    }

    /** Reads once: -1 at end of stream, 0 on timeout, else the bytes read. */
    private int read(int timeoutMillis) {
        try {
            socket.setSoTimeout(timeoutMillis);
            byte[] chunk = new byte[65536];
            int n = in.read(chunk);
            if (n < 0) {
                return -1;
            }
            FrameStep step = decoder.feed(Buffer.buffer(java.util.Arrays.copyOf(chunk, n)));
            step.frames().forEach(f -> received.add(Envelope.parse(f)));
            return n;
        } catch (SocketTimeoutException e) {
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already gone
        }
    }
}
