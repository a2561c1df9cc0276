package alknet.client.socks;

import alknet.client.TunnelStream;
import alknet.transport.SocketHalfClose;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;

/**
 * Test stand-in for an SSH direct-tcpip channel: a TCP socket dialled straight to the target. {@link #end()} sends
 * FIN (half-close); the close handler fires only after the end handler, so data still queued behind a pause is not
 * cut off by TunnelSplice closing the other side.
 */
final class NetSocketTunnelStream implements TunnelStream {
    private final NetSocket socket;
    private Handler<Void> endHandler;
    private Handler<Void> closeHandler;
    private boolean socketClosed;
    private boolean endDelivered;
    private boolean closeRequested;
    private boolean closeFired;

    /** Takes a paused socket: nothing is read before the splice resumes it. */
    NetSocketTunnelStream(NetSocket socket) {
        this.socket = socket;
        socket.endHandler(v -> {
            endDelivered = true;
            if (endHandler != null) {
                endHandler.handle(null);
            }
            fireCloseIfDone();
        });
        socket.closeHandler(v -> {
            socketClosed = true;
            fireCloseIfDone();
        });
    }

    private void fireCloseIfDone() {
        if (socketClosed && (endDelivered || closeRequested) && !closeFired && closeHandler != null) {
            closeFired = true;
            closeHandler.handle(null);
        }
    }

    @Override
    public TunnelStream exceptionHandler(Handler<Throwable> handler) {
        socket.exceptionHandler(handler);
        return this;
    }

    @Override
    public TunnelStream handler(Handler<Buffer> handler) {
        socket.handler(handler);
        return this;
    }

    @Override
    public TunnelStream pause() {
        socket.pause();
        return this;
    }

    @Override
    public TunnelStream resume() {
        socket.resume();
        return this;
    }

    @Override
    public TunnelStream fetch(long amount) {
        socket.fetch(amount);
        return this;
    }

    @Override
    public TunnelStream endHandler(Handler<Void> handler) {
        this.endHandler = handler;
        return this;
    }

    @Override
    public Future<Void> write(Buffer data) {
        return socket.write(data);
    }

    @Override
    public Future<Void> end() {
        return SocketHalfClose.shutdownOutput(socket);
    }

    @Override
    public TunnelStream setWriteQueueMaxSize(int maxSize) {
        socket.setWriteQueueMaxSize(maxSize);
        return this;
    }

    @Override
    public boolean writeQueueFull() {
        return socket.writeQueueFull();
    }

    @Override
    public TunnelStream drainHandler(Handler<Void> handler) {
        socket.drainHandler(handler);
        return this;
    }

    @Override
    public Future<Void> close() {
        closeRequested = true;
        fireCloseIfDone();
        return socket.close();
    }

    @Override
    public TunnelStream closeHandler(Handler<Void> handler) {
        this.closeHandler = handler;
        fireCloseIfDone();
        return this;
    }
}
