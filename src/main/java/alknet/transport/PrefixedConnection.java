package alknet.transport;

import alknet.stream.TransportInfo;
import alknet.stream.DuplexConnection;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;

import java.net.InetSocketAddress;

/**
 * A connection whose first bytes were already read (by {@link StealthSniffer}): they are delivered to the
 * reader before anything else, on the first resume.
 */
public final class PrefixedConnection implements DuplexConnection {
    private final DuplexConnection delegate;
    private Buffer prefix;
    private Handler<Buffer> handler;
    private boolean paused;

    public PrefixedConnection(DuplexConnection delegate, Buffer prefix) {
        this.delegate = delegate;
        this.prefix = prefix;
    }

    @Override
    public DuplexConnection handler(Handler<Buffer> handler) {
        this.handler = handler;
        delegate.handler(handler);
        return this;
    }

    @Override
    public DuplexConnection resume() {
        paused = false;
        Buffer first = prefix;
        if (first != null && handler != null) {
            prefix = null;
            handler.handle(first);
            if (paused) {
                return this; // the reader paused while handling the prefix: respect it
            }
        }
        delegate.resume();
        return this;
    }

    @Override
    public DuplexConnection fetch(long amount) {
        return resume();
    }

    @Override
    public DuplexConnection pause() {
        paused = true;
        delegate.pause();
        return this;
    }

    @Override
    public DuplexConnection endHandler(Handler<Void> endHandler) {
        delegate.endHandler(endHandler);
        return this;
    }

    @Override
    public DuplexConnection exceptionHandler(Handler<Throwable> handler) {
        delegate.exceptionHandler(handler);
        return this;
    }

    @Override
    public TransportInfo info() {
        return delegate.info();
    }

    @Override
    public InetSocketAddress localAddress() {
        return delegate.localAddress();
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return delegate.remoteAddress();
    }

    @Override
    public Context context() {
        return delegate.context();
    }

    @Override
    public Future<Void> shutdownOutput() {
        return delegate.shutdownOutput();
    }

    @Override
    public Future<Void> close() {
        return delegate.close();
    }

    @Override
    public DuplexConnection closeHandler(Handler<Void> handler) {
        delegate.closeHandler(handler);
        return this;
    }

    @Override
    public boolean onInputShutdown(Handler<Void> handler) {
        return delegate.onInputShutdown(handler);
    }

    @Override
    public Future<Void> write(Buffer data) {
        return delegate.write(data);
    }

    @Override
    public Future<Void> end() {
        return delegate.end();
    }

    @Override
    public DuplexConnection setWriteQueueMaxSize(int maxSize) {
        delegate.setWriteQueueMaxSize(maxSize);
        return this;
    }

    @Override
    public boolean writeQueueFull() {
        return delegate.writeQueueFull();
    }

    @Override
    public DuplexConnection drainHandler(Handler<Void> handler) {
        delegate.drainHandler(handler);
        return this;
    }
}
