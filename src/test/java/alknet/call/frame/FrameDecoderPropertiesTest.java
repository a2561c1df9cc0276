package alknet.call.frame;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** The decoder under arbitrary input and arbitrary read boundaries. */
class FrameDecoderPropertiesTest {
    private static final int MAX = 2048;

    @Property(tries = 1000)
    void envelopesSplitAnywhereDecodeToTheSameEnvelopes(@ForAll("envelopes") List<Envelope> sent,
                                                        @ForAll @Size(max = 40) List<@IntRange(max = 20_000) Integer> cuts) {
        FrameEncoder encoder = new FrameEncoder(MAX);
        Buffer stream = Buffer.buffer();
        sent.forEach(e -> stream.appendBuffer(encoder.encode(e)));

        FrameDecoder decoder = new FrameDecoder(MAX);
        List<Envelope> received = new ArrayList<>();
        for (Buffer chunk : split(stream, cuts)) {
            FrameStep step = decoder.feed(chunk);
            assertThat(step).isInstanceOf(FrameStep.Frames.class);
            step.frames().forEach(f -> received.add(Envelope.parse(f)));
        }
        assertThat(received).isEqualTo(sent);
        assertThat(decoder.bufferedBytes()).isZero();
    }

    @Property(tries = 1000)
    void garbageNeverThrowsAndGivesTheSameResultHoweverSplit(@ForAll @Size(max = 3000) byte[] garbage,
                                                            @ForAll @Size(max = 30) List<@IntRange(max = 3000) Integer> cuts,
                                                            @ForAll @IntRange(min = 1, max = 4096) int maxFrame) {
        Outcome whole = decode(maxFrame, List.of(Buffer.buffer(garbage)));
        Outcome split = decode(maxFrame, split(Buffer.buffer(garbage), cuts));
        assertThat(split).isEqualTo(whole);

        // Byte accuracy: the frames are exactly the input's prefix-delimited pieces, in order.
        int pos = 0;
        for (String frame : whole.frames()) {
            long length = Buffer.buffer(garbage).getUnsignedInt(pos);
            assertThat(length).isEqualTo(Buffer.buffer(frame, "ISO-8859-1").length()).isLessThanOrEqualTo(maxFrame);
            pos += 4 + (int) length;
        }
        if (whole.oversized() >= 0) {
            assertThat(Buffer.buffer(garbage).getUnsignedInt(pos)).isEqualTo(whole.oversized()).isGreaterThan(maxFrame);
        }
        for (String frame : whole.frames()) {
            try {
                Envelope.parse(Buffer.buffer(frame, "ISO-8859-1"));
            } catch (MalformedEnvelopeException expected) {
                assertThat(expected.getMessage()).isNotBlank();
            }
        }
    }

    private record Outcome(List<String> frames, long oversized) {}

    private static Outcome decode(int maxFrame, List<Buffer> chunks) {
        FrameDecoder decoder = new FrameDecoder(maxFrame);
        List<String> frames = new ArrayList<>();
        for (Buffer chunk : chunks) {
            FrameStep step = decoder.feed(chunk);
            step.frames().forEach(f -> frames.add(f.toString("ISO-8859-1")));
            if (step instanceof FrameStep.Oversized oversized) {
                return new Outcome(frames, oversized.declaredLength());
            }
        }
        return new Outcome(frames, -1);
    }

    private static List<Buffer> split(Buffer all, List<Integer> cuts) {
        TreeSet<Integer> points = new TreeSet<>();
        cuts.forEach(c -> points.add(Math.min(c, all.length())));
        List<Buffer> chunks = new ArrayList<>();
        int from = 0;
        for (int point : points) {
            chunks.add(all.getBuffer(from, point));
            from = point;
        }
        chunks.add(all.getBuffer(from, all.length()));
        return chunks;
    }

    @Provide
    Arbitrary<List<Envelope>> envelopes() {
        Arbitrary<String> text = Arbitraries.strings().withCharRange(' ', '\u024F').ofMaxLength(40);
        Arbitrary<Object> payload = Arbitraries.oneOf(
                text.map(s -> (Object) s),
                Arbitraries.integers().map(i -> (Object) i),
                text.map(s -> (Object) new JsonObject().put("requestId", s).put("input", s)),
                Arbitraries.just(null));
        Arbitrary<Envelope> envelope = net.jqwik.api.Combinators.combine(text.filter(s -> !s.isEmpty()), text, payload)
                .as(Envelope::new);
        return envelope.list().ofMaxSize(25);
    }
}
