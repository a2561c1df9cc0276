package alknet.call.carrier;

import alknet.call.frame.Envelope;
import alknet.call.frame.FrameDecoder;
import alknet.call.frame.FrameEncoder;
import alknet.call.frame.FrameStep;
import alknet.call.frame.MalformedEnvelopeException;
import alknet.stream.DuplexConnection;
import alknet.stream.TransportInfo;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Envelopes as length-prefixed frames over a byte stream (30-call-protocol.md section 1): the SSH
 * {@code alknet-control:0} channel or a raw TCP/TLS connection. A length prefix above the maximum frame, or a
 * frame that is not an envelope, closes the connection; the log line names the reason, never the content.
 */
public final class StreamFrameCarrier implements FrameCarrier {
    private static final Logger LOG = LoggerFactory.getLogger(StreamFrameCarrier.class);

    private final DuplexConnection stream;
    private final FrameDecoder decoder;
    private final FrameEncoder encoder;
    private final EnvelopeInbox inbox;
    private Handler<Void> closeHandler;
    /** Set when we start closing: nothing more is read or sent. */
    private boolean closing;
    private boolean closed;

    /** Takes over the stream's handlers; create it on the stream's context. */
    public StreamFrameCarrier(DuplexConnection stream, int maxFrame) {
        this.stream = stream;
        this.decoder = new FrameDecoder(maxFrame);
        this.encoder = new FrameEncoder(maxFrame);
        this.inbox = new EnvelopeInbox(stream::pause, stream::resume);
        stream.handler(this::onBytes);
        stream.endHandler(v -> close());
        stream.exceptionHandler(e -> {
            LOG.debug("control stream failed ({}); closing it", e.getClass().getSimpleName());
            close();
        });
        stream.closeHandler(v -> onClosed());
        stream.resume(); // connections start paused so that no byte arrives before these handlers
    }

    private void onBytes(Buffer chunk) {
        if (closing || closed) {
            return;
        }
        FrameStep step = decoder.feed(chunk);
        for (Buffer frame : step.frames()) {
            Envelope envelope;
            try {
                envelope = Envelope.parse(frame);
            } catch (MalformedEnvelopeException e) {
                LOG.warn("closing control connection transport={}: {}", stream.info().kind().wireName(), e.getMessage());
                close();
                return;
            }
            inbox.offer(envelope);
        }
        if (step instanceof FrameStep.Oversized oversized) {
            // The declared length is the peer's byte count: it stays out of the log.
            LOG.warn("closing control connection transport={}: a frame's length prefix exceeds the maximum frame of"
                    + " {} bytes (--max-frame)", stream.info().kind().wireName(), decoder.maxFrame());
            close();
        }
    }

    @Override
    public Context context() {
        return stream.context();
    }

    @Override
    public TransportInfo transport() {
        return stream.info();
    }

    @Override
    public StreamFrameCarrier envelopeHandler(Handler<Envelope> handler) {
        inbox.handler(handler);
        return this;
    }

    @Override
    public StreamFrameCarrier closeHandler(Handler<Void> handler) {
        this.closeHandler = handler;
        if (closed && handler != null) {
            handler.handle(null);
        }
        return this;
    }

    @Override
    public Future<Void> send(Envelope envelope) {
        if (closing || closed) {
            return Future.failedFuture(new IllegalStateException("the control connection is closed"));
        }
        Buffer frame;
        try {
            frame = encoder.encode(envelope);
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
        return stream.write(frame);
    }

    @Override
    public boolean writeQueueFull() {
        return stream.writeQueueFull();
    }

    @Override
    public StreamFrameCarrier drainHandler(Handler<Void> handler) {
        stream.drainHandler(handler);
        return this;
    }

    @Override
    public StreamFrameCarrier pause() {
        inbox.pause();
        stream.pause();
        return this;
    }

    @Override
    public StreamFrameCarrier resume() {
        stream.resume();
        inbox.resume();
        return this;
    }

    @Override
    public Future<Void> close() {
        if (closing || closed) {
            return Future.succeededFuture();
        }
        closing = true;
        return stream.close().eventually(() -> {
            onClosed();
            return Future.succeededFuture();
        });
    }

    private void onClosed() {
        if (closed) {
            return;
        }
        closed = true;
        closing = true;
        inbox.clear();
        Handler<Void> handler = closeHandler;
        if (handler != null) {
            handler.handle(null);
        }
    }

    @Override
    public boolean isClosed() {
        return closed;
    }
}
