package alknet.api;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import io.vertx.core.streams.WriteStream;

/**
 * One tunnel through the server ({@link AlknetSession#openChannel}) as a Vert.x stream with back-pressure. It starts
 * paused: set the handlers, then {@link #resume()}. {@link #end()} half-closes (EOF to the far end, reading goes on);
 * the end handler runs once the far end closed and everything it sent was delivered.
 */
public interface Tunnel extends ReadStream<Buffer>, WriteStream<Buffer> {
    @Override
    Tunnel exceptionHandler(Handler<Throwable> handler);

    /** The far end's EOF (it sends no more, but may still read), after every byte it sent before. */
    Tunnel eofHandler(Handler<Void> handler);

    /** Closes both directions after the pending writes. */
    Future<Void> close();
}
