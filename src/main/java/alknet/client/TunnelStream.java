package alknet.client;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import io.vertx.core.streams.WriteStream;

/**
 * One tunnel (an SSH {@code direct-tcpip} channel) as a Vert.x duplex stream with back-pressure.
 * {@link #end()} half-closes (sends EOF, keeps reading); the end handler fires on the far end's EOF;
 * {@link #close()} tears the tunnel down in both directions.
 */
public interface TunnelStream extends ReadStream<Buffer>, WriteStream<Buffer> {
    @Override
    TunnelStream exceptionHandler(io.vertx.core.Handler<Throwable> handler);

    /** Closes both directions after pending writes. */
    Future<Void> close();

    /** Called once the tunnel is fully closed, from either side. */
    TunnelStream closeHandler(io.vertx.core.Handler<Void> handler);
}
