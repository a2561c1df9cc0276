package alknet.call.carrier;

import alknet.call.frame.Envelope;
import alknet.stream.TransportInfo;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;

/**
 * Moves whole envelopes over one connection, whatever frames them (30-call-protocol.md section 6): a byte
 * stream with length prefixes (SSH {@code alknet-control} channel, raw TCP/TLS) or WebSocket text frames. The
 * protocol layer sees only this. All handlers run on {@link #context()}; call the other methods there too.
 * Envelopes that arrive while no handler is set, or while paused, wait (and the connection stops reading).
 */
public interface FrameCarrier {
    Context context();

    /** What carried the connection, for logs and policy (kind only in logs). */
    TransportInfo transport();

    FrameCarrier envelopeHandler(Handler<Envelope> handler);

    /** Called once when the carrier is closed by either side, by an error or by a protocol violation. */
    FrameCarrier closeHandler(Handler<Void> handler);

    /** Writes one envelope; fails with {@link alknet.call.frame.FrameTooLargeException} when it cannot be framed. */
    Future<Void> send(Envelope envelope);

    boolean writeQueueFull();

    FrameCarrier drainHandler(Handler<Void> handler);

    /** Holds envelope delivery (and reading) until {@link #resume()}. */
    FrameCarrier pause();

    FrameCarrier resume();

    Future<Void> close();

    boolean isClosed();
}
