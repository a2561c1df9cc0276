package alknet.call.frame;

import io.vertx.core.buffer.Buffer;

import java.util.List;

/** What one {@link FrameDecoder#feed} produced: the complete frames found, and whether the stream is still usable. */
public sealed interface FrameStep permits FrameStep.Frames, FrameStep.Oversized {
    /** Complete frame bodies (without their length prefix), oldest first; possibly empty. */
    List<Buffer> frames();

    /** Decoding goes on; feed the next bytes. */
    record Frames(List<Buffer> frames) implements FrameStep {}

    /**
     * A length prefix above the maximum: deliver {@link #frames()} (those completed before it), then close the
     * channel (30-call-protocol.md section 1). The decoder is finished.
     */
    record Oversized(List<Buffer> frames, long declaredLength) implements FrameStep {}
}
