package alknet.call.raw;

import alknet.stream.DuplexConnection;
import alknet.stream.TransportInfo;
import alknet.stream.TransportKind;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;

import java.net.InetSocketAddress;

/**
 * A Vert.x {@link NetSocket} as a {@link DuplexConnection}, for raw framing listeners (30-call-protocol.md
 * section 6) that hand sockets straight to the call layer. A thin delegate: the call layer reads in flowing mode,
 * so the transport package's ordered-inbound machinery for paused tunnel sockets is not needed here.
 */
public final class NetSocketDuplexConnection implements DuplexConnection {
    private final NetSocket socket;
    private final Context context;
    private final TransportInfo info;

    /** Wraps {@code socket}; call it on the socket's context. */
    public NetSocketDuplexConnection(NetSocket socket, TransportKind kind) {
        this.socket = socket;
        this.context = Vertx.currentContext();
        if (context == null) {
            throw new IllegalStateException("wrap a NetSocket on its own Vert.x context");
        }
        SocketAddress remote = socket.remoteAddress();
        this.info = new TransportInfo(kind, remote.hostAddress() == null ? remote.host() : remote.hostAddress(),
                remote.port(), socket.indicatedServerName());
    }

    @Override
    public TransportInfo info() {
        return info;
    }

    @Override
    public NetSocketDuplexConnection exceptionHandler(Handler<Throwable> handler) {
        socket.exceptionHandler(handler);
        return this;
    }

    @Override
    public NetSocketDuplexConnection handler(Handler<Buffer> handler) {
        socket.handler(handler);
        return this;
    }

    @Override
    public NetSocketDuplexConnection pause() {
        socket.pause();
        return this;
    }

    @Override
    public NetSocketDuplexConnection resume() {
        socket.resume();
        return this;
    }

    @Override
    public NetSocketDuplexConnection fetch(long amount) {
        socket.fetch(amount);
        return this;
    }

    @Override
    public NetSocketDuplexConnection endHandler(Handler<Void> handler) {
        socket.endHandler(handler);
        return this;
    }

    @Override
    public Future<Void> write(Buffer data) {
        return socket.write(data);
    }

    @Override
    public Future<Void> end() {
        return socket.end();
    }

    @Override
    public NetSocketDuplexConnection setWriteQueueMaxSize(int maxSize) {
        socket.setWriteQueueMaxSize(maxSize);
        return this;
    }

    @Override
    public boolean writeQueueFull() {
        return socket.writeQueueFull();
    }

    @Override
    public NetSocketDuplexConnection drainHandler(Handler<Void> handler) {
        socket.drainHandler(handler);
        return this;
    }

    @Override
    public InetSocketAddress localAddress() {
        return address(socket.localAddress());
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return address(socket.remoteAddress());
    }

    private static InetSocketAddress address(SocketAddress address) {
        return InetSocketAddress.createUnresolved(address.hostAddress() == null ? address.host() : address.hostAddress(),
                address.port());
    }

    @Override
    public Context context() {
        return context;
    }

    @Override
    public Future<Void> shutdownOutput() {
        return socket.end();
    }

    @Override
    public Future<Void> close() {
        return socket.close();
    }

    @Override
    public NetSocketDuplexConnection closeHandler(Handler<Void> handler) {
        socket.closeHandler(handler);
        return this;
    }
}
