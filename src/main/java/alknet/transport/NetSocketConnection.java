package alknet.transport;

import alknet.stream.TransportKind;
import alknet.stream.TransportInfo;
import alknet.stream.DuplexConnection;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;

import java.net.InetSocketAddress;

/**
 * A {@link DuplexConnection} over a Vert.x TCP (or TLS) socket. Reads start paused (the reader sets its handlers,
 * then resumes) and come through {@link OrderedInbound}, so the end (and a tracked FIN) reaches the reader only
 * after every byte that arrived before it.
 */
public final class NetSocketConnection implements DuplexConnection {
    private final NetSocket socket;
    private final TransportInfo info;
    private final Context context;
    private final SocketHalfClose.InputShutdown fin;
    private final OrderedInbound inbound;
    /** Built on first use: MINA asks for the addresses repeatedly (session strings, listeners). */
    private InetSocketAddress local;
    private InetSocketAddress remote;

    public NetSocketConnection(NetSocket socket, TransportKind kind) {
        this(socket, kind, null);
    }

    private NetSocketConnection(NetSocket socket, TransportKind kind, SocketHalfClose.InputShutdown fin) {
        this.socket = socket;
        this.fin = fin;
        this.context = Vertx.currentContext();
        this.inbound = new OrderedInbound(socket);
        if (fin != null) {
            fin.handler(v -> inbound.finArrived());
            if (fin.isDone()) {
                inbound.finArrived();
            }
        }
        SocketAddress remote = socket.remoteAddress();
        this.info = TransportInfo.of(kind, remote.hostAddress(), remote.port());
    }

    /** A connection that reports the peer's FIN instead of ending; create it right after accept. */
    public static NetSocketConnection trackingHalfClose(NetSocket socket, TransportKind kind) {
        return new NetSocketConnection(socket, kind, SocketHalfClose.track(socket));
    }

    /**
     * The same for a socket whose FIN is tracked already ({@code fin} from {@link SocketHalfClose#track} at accept,
     * e.g. behind a SOCKS5 handshake): a FIN that arrived meanwhile is delivered after the data before it.
     */
    public static NetSocketConnection withHalfClose(NetSocket socket, TransportKind kind, SocketHalfClose.InputShutdown fin) {
        return new NetSocketConnection(socket, kind, fin);
    }

    @Override
    public boolean onInputShutdown(Handler<Void> handler) {
        if (fin == null) {
            return false;
        }
        inbound.finHandler(handler); // called in order with the data, or at once if the FIN was already delivered
        return true;
    }

    public NetSocket socket() {
        return socket;
    }

    @Override
    public TransportInfo info() {
        return info;
    }

    @Override
    public InetSocketAddress localAddress() {
        InetSocketAddress a = local;
        if (a == null) {
            a = toInet(socket.localAddress());
            local = a;
        }
        return a;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        InetSocketAddress a = remote;
        if (a == null) {
            a = toInet(socket.remoteAddress());
            remote = a;
        }
        return a;
    }

    static InetSocketAddress toInet(SocketAddress address) {
        return new InetSocketAddress(address.hostAddress(), address.port());
    }

    @Override
    public Context context() {
        return context;
    }

    @Override
    public Future<Void> shutdownOutput() {
        return SocketHalfClose.shutdownOutput(socket);
    }

    @Override
    public Future<Void> close() {
        inbound.discard();
        return socket.close();
    }

    @Override
    public DuplexConnection closeHandler(Handler<Void> handler) {
        socket.closeHandler(handler);
        return this;
    }

    @Override
    public DuplexConnection exceptionHandler(Handler<Throwable> handler) {
        socket.exceptionHandler(handler);
        return this;
    }

    @Override
    public DuplexConnection handler(Handler<Buffer> handler) {
        inbound.handler(handler);
        return this;
    }

    @Override
    public DuplexConnection pause() {
        inbound.pause();
        return this;
    }

    @Override
    public DuplexConnection resume() {
        inbound.resume();
        return this;
    }

    @Override
    public DuplexConnection fetch(long amount) {
        inbound.fetch(amount);
        return this;
    }

    @Override
    public DuplexConnection endHandler(Handler<Void> endHandler) {
        inbound.endHandler(endHandler);
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
    public DuplexConnection setWriteQueueMaxSize(int maxSize) {
        socket.setWriteQueueMaxSize(maxSize);
        return this;
    }

    @Override
    public boolean writeQueueFull() {
        return socket.writeQueueFull();
    }

    @Override
    public DuplexConnection drainHandler(Handler<Void> handler) {
        socket.drainHandler(handler);
        return this;
    }
}
