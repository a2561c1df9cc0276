package alknet.api.impl;

import alknet.api.Tunnel;
import alknet.stream.DuplexConnection;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;

/** A tunnel channel of the client as the embedding API's {@link Tunnel}. */
final class TunnelAdapter implements Tunnel {
    private final DuplexConnection channel;

    TunnelAdapter(DuplexConnection channel) {
        this.channel = channel;
    }

    @Override
    public Tunnel exceptionHandler(Handler<Throwable> handler) {
        channel.exceptionHandler(handler);
        return this;
    }

    @Override
    public Tunnel eofHandler(Handler<Void> handler) {
        channel.onInputShutdown(handler);
        return this;
    }

    @Override
    public Tunnel handler(Handler<Buffer> handler) {
        channel.handler(handler);
        return this;
    }

    @Override
    public Tunnel pause() {
        channel.pause();
        return this;
    }

    @Override
    public Tunnel resume() {
        channel.resume();
        return this;
    }

    @Override
    public Tunnel fetch(long amount) {
        channel.fetch(amount);
        return this;
    }

    @Override
    public Tunnel endHandler(Handler<Void> endHandler) {
        channel.endHandler(endHandler);
        return this;
    }

    @Override
    public Future<Void> write(Buffer data) {
        return channel.write(data);
    }

    @Override
    public Future<Void> end() {
        return channel.shutdownOutput();
    }

    @Override
    public Tunnel setWriteQueueMaxSize(int maxSize) {
        channel.setWriteQueueMaxSize(maxSize);
        return this;
    }

    @Override
    public boolean writeQueueFull() {
        return channel.writeQueueFull();
    }

    @Override
    public Tunnel drainHandler(Handler<Void> handler) {
        channel.drainHandler(handler);
        return this;
    }

    @Override
    public Future<Void> close() {
        return channel.close();
    }
}
