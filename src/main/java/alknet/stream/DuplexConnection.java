package alknet.stream;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import io.vertx.core.streams.WriteStream;

import java.net.InetSocketAddress;

/**
 * The one duplex byte stream a transport yields per connection (00-overview.md, layer 1), whatever carries it:
 * a TCP socket today, TLS, WebSocket or a relay splice later. The SSH interface consumes only this type.
 */
public interface DuplexConnection extends ReadStream<Buffer>, WriteStream<Buffer> {
    TransportInfo info();

    @Override
    DuplexConnection exceptionHandler(Handler<Throwable> handler);

    InetSocketAddress localAddress();

    InetSocketAddress remoteAddress();

    /** The Vert.x context whose event loop delivers this connection's events. */
    Context context();

    /** Half-close: no more writes from us, after the pending ones; reading goes on. */
    Future<Void> shutdownOutput();

    /** Closes both directions after pending writes are flushed. */
    Future<Void> close();

    DuplexConnection closeHandler(Handler<Void> handler);

    /**
     * Reports the peer's half-close (FIN) while our side stays writable, when this connection tracks it (see
     * the transport's NetSocketConnection.trackingHalfClose); returns false when it does not, and then a FIN ends the stream.
     */
    default boolean onInputShutdown(Handler<Void> handler) {
        return false;
    }
}
