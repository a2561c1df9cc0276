package alknet.call.frame;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** 30-call-protocol.md section 1: length-prefixed frames, maximum frame checked on the prefix. */
class FrameDecoderTest {
    private static Buffer prefix(long length) {
        return Buffer.buffer().appendUnsignedInt(length);
    }

    @Test
    void twoFramesInOneChunkAndOneFrameAcrossThreeChunks() {
        FrameDecoder decoder = new FrameDecoder();
        Buffer both = prefix(2).appendString("ab").appendBuffer(prefix(3)).appendString("cde");
        assertThat(decoder.feed(both).frames()).extracting(Buffer::toString).containsExactly("ab", "cde");

        assertThat(decoder.feed(Buffer.buffer(new byte[] {0, 0})).frames()).isEmpty();
        assertThat(decoder.feed(Buffer.buffer(new byte[] {0, 4, 'w', 'x'})).frames()).isEmpty();
        assertThat(decoder.bufferedBytes()).isEqualTo(6);
        assertThat(decoder.feed(Buffer.buffer("yz")).frames()).extracting(Buffer::toString).containsExactly("wxyz");
        assertThat(decoder.bufferedBytes()).isZero();
    }

    @Test
    void emptyFrameIsDeliveredAtOnce() {
        FrameDecoder decoder = new FrameDecoder();
        assertThat(decoder.feed(prefix(0)).frames()).singleElement().extracting(Buffer::length).isEqualTo(0);
    }

    @Test
    void frameOfExactlyTheMaximumIsAcceptedOneByteMoreIsNot() {
        FrameDecoder decoder = new FrameDecoder(10);
        assertThat(decoder.feed(prefix(10).appendString("0123456789")).frames()).hasSize(1);
        FrameStep step = decoder.feed(prefix(3).appendString("abc").appendBuffer(prefix(11)).appendString("x"));
        assertThat(step).isInstanceOf(FrameStep.Oversized.class);
        assertThat(((FrameStep.Oversized) step).declaredLength()).isEqualTo(11);
        assertThat(step.frames()).extracting(Buffer::toString).containsExactly("abc");
        assertThatThrownBy(() -> decoder.feed(Buffer.buffer("y"))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void lengthIsUnsigned() {
        FrameStep step = new FrameDecoder(Integer.MAX_VALUE).feed(prefix(0xFFFF_FFFFL));
        assertThat(step).isInstanceOf(FrameStep.Oversized.class);
        assertThat(((FrameStep.Oversized) step).declaredLength()).isEqualTo(0xFFFF_FFFFL);
    }

    @Test
    void hugePrefixesAllocateNothingLikeTheirLength() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long threadId = Thread.currentThread().getId();
        Buffer huge = prefix(FrameDecoder.DEFAULT_MAX_FRAME + 1L);
        new FrameDecoder().feed(huge); // warm up
        long before = threads.getThreadAllocatedBytes(threadId);
        for (int i = 0; i < 1000; i++) {
            assertThat(new FrameDecoder().feed(huge)).isInstanceOf(FrameStep.Oversized.class);
        }
        long allocated = threads.getThreadAllocatedBytes(threadId) - before;
        // One 16 MiB buffer per refused prefix would be 16 GiB; the decoder objects themselves are tiny.
        assertThat(allocated).isLessThan(4L * 1024 * 1024);
    }

    @Test
    void aLegalButLargePrefixHoldsOnlyTheBytesThatArrived() {
        FrameDecoder decoder = new FrameDecoder();
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long threadId = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(threadId);
        decoder.feed(prefix(FrameDecoder.DEFAULT_MAX_FRAME).appendString("{\"a\":"));
        long allocated = threads.getThreadAllocatedBytes(threadId) - before;
        assertThat(decoder.bufferedBytes()).isEqualTo(4 + 5);
        assertThat(allocated).isLessThan(1024 * 1024);
    }

    @Test
    void chunkIsCopiedSoTheCarrierMayReuseIt() {
        FrameDecoder decoder = new FrameDecoder();
        Buffer chunk = prefix(2).appendString("ab");
        Buffer frame = decoder.feed(chunk).frames().get(0);
        chunk.setString(4, "zz");
        assertThat(frame.toString()).isEqualTo("ab");
    }

    @Test
    void encoderOutputDecodesToTheSameEnvelope() {
        Envelope sent = new Envelope("call.requested", "r1", new JsonObject().put("requestId", "r1").put("input", 5));
        Buffer frame = new FrameEncoder(1024).encode(sent);
        assertThat(frame.getUnsignedInt(0)).isEqualTo(frame.length() - 4L);
        Envelope received = Envelope.parse(new FrameDecoder().feed(frame).frames().get(0));
        assertThat(received).isEqualTo(sent);
    }

    @Test
    void encoderRefusesWhatThePeerWouldRefuse() {
        Envelope big = new Envelope("x", "", "a".repeat(100));
        assertThatThrownBy(() -> new FrameEncoder(50).encode(big)).isInstanceOf(FrameTooLargeException.class)
                .hasMessageContaining("--max-frame");
    }
}
