package alknet.call.frame;

import io.vertx.core.buffer.Buffer;

/** Writes envelopes as length-prefixed frames (30-call-protocol.md section 1); refuses what the peer would refuse. */
public final class FrameEncoder {
    private final int maxFrame;

    public FrameEncoder(int maxFrame) {
        if (maxFrame < 1) {
            throw new IllegalArgumentException("max frame must be at least 1 byte, was " + maxFrame);
        }
        this.maxFrame = maxFrame;
    }

    /** @throws FrameTooLargeException when the JSON is longer than the maximum frame */
    public Buffer encode(Envelope envelope) {
        Buffer json = envelope.toBuffer();
        if (json.length() > maxFrame) {
            throw new FrameTooLargeException(json.length(), maxFrame);
        }
        return Buffer.buffer(FrameDecoder.PREFIX_BYTES + json.length()).appendInt(json.length()).appendBuffer(json);
    }
}
