package alknet.call.frame;

import alknet.api.ServeOptions;
import io.vertx.core.buffer.Buffer;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a byte stream into frames of a 4-byte big-endian unsigned length plus that many bytes
 * (30-call-protocol.md section 1), as a state machine without I/O: input may be split anywhere across reads.
 * A length above the maximum is refused before any body buffer exists, and a body buffer grows with the bytes
 * that actually arrive, so a peer cannot make us reserve memory it has not sent. Not thread-safe; one per stream.
 */
public final class FrameDecoder {
    public static final int PREFIX_BYTES = 4;
    /** 16 MiB, the default {@code --max-frame}. */
    public static final int DEFAULT_MAX_FRAME = ServeOptions.DEFAULT_MAX_FRAME;
    /** A body buffer starts at most this large and doubles as bytes come in. */
    private static final int INITIAL_BODY_CAPACITY = 64 * 1024;

    private final int maxFrame;
    private int prefixRead;
    private long length;
    /** The body being read, or null while reading a prefix. */
    private Buffer body;
    private boolean finished;

    public FrameDecoder() {
        this(DEFAULT_MAX_FRAME);
    }

    public FrameDecoder(int maxFrame) {
        if (maxFrame < 1) {
            throw new IllegalArgumentException("max frame must be at least 1 byte, was " + maxFrame);
        }
        this.maxFrame = maxFrame;
    }

    public int maxFrame() {
        return maxFrame;
    }

    /** Bytes of an unfinished frame (prefix and body) held right now: what a slow peer costs us. */
    public long bufferedBytes() {
        return prefixRead + (body == null ? 0 : body.length());
    }

    /**
     * Consumes the next bytes; the chunk is copied, never kept. After a {@link FrameStep.Oversized} the decoder
     * must not be fed again.
     */
    public FrameStep feed(Buffer chunk) {
        if (finished) {
            throw new IllegalStateException("the frame decoder stopped at an oversized frame; close the channel");
        }
        List<Buffer> frames = List.of();
        int pos = 0;
        int end = chunk.length();
        while (pos < end) {
            if (body == null) {
                length = (length << 8) | (chunk.getByte(pos++) & 0xFF);
                if (++prefixRead < PREFIX_BYTES) {
                    continue;
                }
                if (length > maxFrame) {
                    finished = true;
                    return new FrameStep.Oversized(frames, length);
                }
                body = Buffer.buffer((int) Math.min(length, INITIAL_BODY_CAPACITY));
            }
            int take = (int) Math.min(end - pos, length - body.length());
            body.appendBuffer(chunk, pos, take);
            pos += take;
            if (body.length() == length) {
                frames = frames.isEmpty() ? new ArrayList<>() : frames;
                frames.add(body);
                body = null;
                prefixRead = 0;
                length = 0;
            }
        }
        return new FrameStep.Frames(frames);
    }
}
