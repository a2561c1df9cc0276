package alknet.transport;

import alknet.stream.TransportKind;
import alknet.stream.TransportInfo;
import alknet.stream.DuplexConnection;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketBase;
import io.vertx.core.http.WebSocketFrameType;
import io.vertx.core.net.SocketAddress;

import java.net.InetSocketAddress;

/**
 * A {@link DuplexConnection} over a WebSocket (10-tunnel.md section 1): SSH bytes travel in binary frames, one
 * message per write. A text frame is a protocol violation and closes the connection. WebSocket has no half-close,
 * so shutting the output down closes it (SSH signals EOF inside the session anyway).
 */
public final class WebSocketConnection implements DuplexConnection {
    private final WebSocketBase ws;
    private final TransportInfo info;
    private final Context context;
    private final InetSocketAddress local;
    private final InetSocketAddress remote;

    public WebSocketConnection(WebSocketBase ws) {
        this.ws = ws;
        this.context = Vertx.currentContext();
        SocketAddress r = ws.remoteAddress();
        this.remote = new InetSocketAddress(r.hostAddress(), r.port());
        SocketAddress l = ws.localAddress();
        this.local = new InetSocketAddress(l.hostAddress(), l.port());
        this.info = TransportInfo.of(TransportKind.WS, remote.getHostString(), remote.getPort());
    }

    @Override
    public DuplexConnection handler(Handler<Buffer> handler) {
        if (handler == null) {
            ws.frameHandler(null);
            return this;
        }
        ws.frameHandler(frame -> {
            if (frame.type() == WebSocketFrameType.TEXT || (frame.isText())) {
                ws.close((short) 1003, "binary frames only");
            } else if (frame.binaryData().length() > WebSocketAcceptorVerticle.MAX_FRAME_BYTES) {
                // The listener may admit larger frames for raw call framing on /call; SSH frames stay small.
                ws.close((short) 1009, "frame too large");
            } else if (frame.isBinary() || frame.isContinuation()) {
                handler.handle(frame.binaryData());
            }
        });
        return this;
    }

    @Override
    public TransportInfo info() {
        return info;
    }

    @Override
    public InetSocketAddress localAddress() {
        return local;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return remote;
    }

    @Override
    public Context context() {
        return context;
    }

    @Override
    public Future<Void> shutdownOutput() {
        return ws.close();
    }

    @Override
    public Future<Void> close() {
        return ws.close();
    }

    @Override
    public DuplexConnection closeHandler(Handler<Void> handler) {
        ws.closeHandler(handler);
        return this;
    }

    @Override
    public DuplexConnection exceptionHandler(Handler<Throwable> handler) {
        ws.exceptionHandler(handler);
        return this;
    }

    @Override
    public DuplexConnection pause() {
        ws.pause();
        return this;
    }

    @Override
    public DuplexConnection resume() {
        ws.resume();
        return this;
    }

    @Override
    public DuplexConnection fetch(long amount) {
        ws.fetch(amount);
        return this;
    }

    @Override
    public DuplexConnection endHandler(Handler<Void> endHandler) {
        ws.endHandler(endHandler);
        return this;
    }

    @Override
    public Future<Void> write(Buffer data) {
        return ws.writeBinaryMessage(data);
    }

    @Override
    public Future<Void> end() {
        return ws.close();
    }

    @Override
    public DuplexConnection setWriteQueueMaxSize(int maxSize) {
        ws.setWriteQueueMaxSize(maxSize);
        return this;
    }

    @Override
    public boolean writeQueueFull() {
        return ws.writeQueueFull();
    }

    @Override
    public DuplexConnection drainHandler(Handler<Void> handler) {
        ws.drainHandler(handler);
        return this;
    }
}
