package alknet.client.socks;

import io.vertx.core.buffer.Buffer;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/** Feeds a handshake chunk by chunk, as a connection would, and keeps what it wrote and how it ended. */
final class HandshakeDriver {
    /** All bytes the handshake asked to write, in order, the final step, and the chunks left unfed. */
    record Run(byte[] written, Socks5Step last, int unfedChunks) {
        Socks5Step.ConnectRequested connect() {
            if (!(last instanceof Socks5Step.ConnectRequested connect)) {
                throw new AssertionError("expected a CONNECT but the handshake ended with " + last);
            }
            return connect;
        }

        Socks5Step.Failed failed() {
            if (!(last instanceof Socks5Step.Failed failed)) {
                throw new AssertionError("expected a failure but the handshake ended with " + last);
            }
            return failed;
        }
    }

    private HandshakeDriver() {}

    /** Stops at the first terminal step, like a connection does. */
    static Run feed(Socks5Handshake handshake, List<byte[]> chunks) {
        ByteArrayOutputStream written = new ByteArrayOutputStream();
        Socks5Step last = null;
        int fed = 0;
        for (byte[] chunk : chunks) {
            last = handshake.feed(Buffer.buffer(chunk));
            fed++;
            written.writeBytes(last.toWrite().getBytes());
            if (!(last instanceof Socks5Step.NeedMore)) {
                break;
            }
        }
        return new Run(written.toByteArray(), last, chunks.size() - fed);
    }

    static Run feed(Socks5Handshake handshake, byte[]... chunks) {
        return feed(handshake, List.of(chunks));
    }

    /** Cuts {@code bytes} at the given sorted offsets. */
    static List<byte[]> split(byte[] bytes, int... cuts) {
        List<byte[]> chunks = new ArrayList<>();
        int start = 0;
        for (int cut : cuts) {
            chunks.add(java.util.Arrays.copyOfRange(bytes, start, cut));
            start = cut;
        }
        chunks.add(java.util.Arrays.copyOfRange(bytes, start, bytes.length));
        return chunks;
    }

    static List<byte[]> oneBytePerChunk(byte[] bytes) {
        List<byte[]> chunks = new ArrayList<>();
        for (byte b : bytes) {
            chunks.add(new byte[] {b});
        }
        return chunks;
    }
}
