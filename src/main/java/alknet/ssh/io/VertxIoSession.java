package alknet.ssh.io;

import alknet.stream.DuplexConnection;
import alknet.stream.TransportInfo;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.internal.buffer.BufferInternal;
import org.apache.sshd.common.future.CloseFuture;
import org.apache.sshd.common.io.AbstractIoWriteFuture;
import org.apache.sshd.common.io.IoHandler;
import org.apache.sshd.common.io.IoService;
import org.apache.sshd.common.io.IoSession;
import org.apache.sshd.common.io.IoWriteFuture;
import org.apache.sshd.common.util.Readable;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.common.util.closeable.AbstractCloseable;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.channels.ClosedChannelException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A MINA {@link IoSession} over one Vert.x {@link DuplexConnection}: reads feed the MINA handler on the
 * connection's event loop, writes go to the stream and complete when the bytes reached the socket, and
 * MINA's {@code suspendRead/resumeRead} pause the stream (back-pressure both ways).
 */
public final class VertxIoSession extends AbstractCloseable implements IoSession {
    /** Attribute key under which the session's {@link TransportInfo} is stored. */
    public static final Object TRANSPORT_INFO = TransportInfo.class;

    private final Map<Object, Object> attributes = new ConcurrentHashMap<>();
    private final VertxIoService service;
    private final IoHandler handler;
    private final DuplexConnection connection;
    private final SocketAddress acceptanceAddress;
    private final Context context;
    private final long id;
    private volatile boolean readSuspended;

    VertxIoSession(VertxIoService service, IoHandler handler, DuplexConnection connection, SocketAddress acceptanceAddress) {
        // No log discriminator: MINA would name a logback logger after each remote address (a lookup per session,
        // and loggers are never freed, so a new one per source port).
        super();
        this.service = service;
        this.handler = handler;
        this.connection = connection;
        this.acceptanceAddress = acceptanceAddress;
        this.context = connection.context();
        this.id = service.nextSessionId();
        attributes.put(TRANSPORT_INFO, connection.info());
    }

    /** Wires the stream to the handler and announces the session to MINA; call on the connection's context. */
    void start() throws Exception {
        connection.pause();
        connection.handler(this::received);
        connection.exceptionHandler(this::failed);
        connection.endHandler(v -> closed()); // after every queued byte, unlike closeHandler
        // Whoever closes (peer, MINA, shutdown, error), the service forgets this session exactly then.
        addCloseFutureListener(f -> service.unregister(this));
        service.register(this);
        handler.sessionCreated(this);
        if (!readSuspended) {
            connection.resume(); // unless MINA suspended reading in sessionCreated
        }
    }

    /** The Vert.x context whose event loop runs this session's I/O (and so MINA's handling of its packets). */
    public Context context() {
        return context;
    }

    public TransportInfo transportInfo() {
        return connection.info();
    }

    public static TransportInfo transportInfo(org.apache.sshd.common.session.Session session) {
        IoSession io = session.getIoSession();
        return io == null ? null : (TransportInfo) io.getAttribute(TRANSPORT_INFO);
    }

    private void received(io.vertx.core.buffer.Buffer data) {
        ByteBuf buf = ((BufferInternal) data).getByteBuf();
        try {
            MinaInternal.run(() -> handler.messageReceived(this, Readable.readable(buf.nioBuffer())));
        } catch (Throwable e) {
            failed(e);
        }
    }

    private void failed(Throwable cause) {
        try {
            handler.exceptionCaught(this, cause);
        } catch (Throwable e) {
            close(true);
        }
    }

    private void closed() {
        try {
            handler.sessionClosed(this);
        } catch (Throwable ignored) {
            // No SSH session attached (e.g. closed during the banner exchange): nothing left to clean up.
        } finally {
            close(true);
        }
    }

    @Override
    public IoWriteFuture writeBuffer(Buffer buffer) throws IOException {
        WriteFuture future = new WriteFuture(this);
        if (isClosing() || isClosed()) {
            future.setValue(new ClosedChannelException());
            return future;
        }
        // No copy: like MINA's own NIO2 session (which wraps the array in a ByteBuffer until the write completes),
        // callers hand over the buffer and do not touch it again before the write future is done (packets are
        // encoded into fresh buffers; ChannelToPortHandler writes a compact clone).
        ByteBuf wrapped = Unpooled.wrappedBuffer(buffer.array(), buffer.rpos(), buffer.available());
        // Completing the future lets MINA write the next chunk of a channel's data from here (see MinaInternal).
        connection.write(BufferInternal.buffer(wrapped)).onComplete(ar -> completeWrite(future, ar.succeeded() ? Boolean.TRUE : ar.cause()));
        return future;
    }

    private void completeWrite(WriteFuture future, Object value) {
        try {
            MinaInternal.run(() -> future.setValue(value));
        } catch (Exception e) {
            failed(e);
        }
    }

    @Override
    public void suspendRead() {
        readSuspended = true;
        onContext(connection::pause);
    }

    @Override
    public void resumeRead() {
        readSuspended = false;
        onContext(connection::resume);
    }

    @Override
    public void shutdownOutputStream() {
        connection.shutdownOutput();
    }

    private void onContext(Runnable action) {
        if (Vertx.currentContext() == context) {
            action.run();
        } else {
            context.runOnContext(v -> action.run());
        }
    }

    @Override
    protected CloseFuture doCloseGracefully() {
        connection.close().onComplete(ar -> closeFuture.setClosed());
        return closeFuture;
    }

    @Override
    protected void doCloseImmediately() {
        connection.close();
        super.doCloseImmediately();
    }

    @Override
    public long getId() {
        return id;
    }

    @Override
    public SocketAddress getAcceptanceAddress() {
        return acceptanceAddress;
    }

    @Override
    public SocketAddress getLocalAddress() {
        return connection.localAddress();
    }

    @Override
    public SocketAddress getRemoteAddress() {
        return connection.remoteAddress();
    }

    @Override
    public Object getAttribute(Object key) {
        return attributes.get(key);
    }

    @Override
    public Object setAttribute(Object key, Object value) {
        return attributes.put(key, value);
    }

    @Override
    public Object setAttributeIfAbsent(Object key, Object value) {
        return attributes.putIfAbsent(key, value);
    }

    @Override
    public Object removeAttribute(Object key) {
        return attributes.remove(key);
    }

    @Override
    public IoService getService() {
        return service;
    }

    @Override
    public String toString() {
        return "VertxIoSession[" + id + ", " + connection.info().kind().wireName() + "]";
    }

    private static final class WriteFuture extends AbstractIoWriteFuture {
        WriteFuture(Object id) {
            super(id, null);
        }
    }
}
