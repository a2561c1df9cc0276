package alknet.client;

import alknet.ssh.io.MinaInternal;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import org.apache.sshd.common.io.IoInputStream;
import org.apache.sshd.common.io.IoOutputStream;
import org.apache.sshd.common.io.IoReadFuture;
import org.apache.sshd.common.util.buffer.ByteArrayBuffer;

import java.io.EOFException;
import java.util.ArrayDeque;

/**
 * A MINA {@code direct-tcpip} channel as a {@link TunnelStream}. All handlers run on the Vert.x context that
 * created the stream. Reading is demand-driven: the next channel read is only issued while the stream is not
 * paused, so the SSH window is not re-opened for data nobody consumes (back-pressure toward the server). Writes
 * are queued and sent one at a time, as MINA's async output requires.
 */
final class ChannelTunnelStream implements TunnelStream {
    /** Read buffer sizes: adaptive, like Netty's receive buffers, so short-lived tunnels do not allocate 64 KiB per read. */
    private static final int MIN_READ_CHUNK = 8 * 1024;
    private static final int MAX_READ_CHUNK = 64 * 1024;
    private static final int DEFAULT_MAX_QUEUED_BYTES = 512 * 1024;

    private final DirectTcpipChannel channel;
    private final Context context;
    private final IoInputStream in;
    private final IoOutputStream out;
    private final ArrayDeque<PendingWrite> writes = new ArrayDeque<>();

    private Handler<Buffer> dataHandler;
    private Handler<Void> endHandler;
    private Handler<Void> drainHandler;
    private Handler<Void> closeHandler;
    private Handler<Throwable> exceptionHandler;
    private boolean paused = true;
    private boolean reading;
    private boolean ended;
    private boolean channelClosed;
    private boolean closeFired;
    private boolean eofRequested;
    private boolean eofSent;
    private Promise<Void> closeRequested;
    private boolean writing;
    private long queuedBytes;
    private int maxQueuedBytes = DEFAULT_MAX_QUEUED_BYTES;
    private int readChunk = MIN_READ_CHUNK;

    private record PendingWrite(Buffer data, Promise<Void> promise) {}

    ChannelTunnelStream(DirectTcpipChannel channel, Context context) {
        this.channel = channel;
        this.context = context;
        this.in = channel.getAsyncOut();
        this.out = channel.getAsyncIn();
        // MINA keeps data that arrived before CLOSE readable; report the close only once it was read to the end.
        channel.addCloseFutureListener(f -> context.runOnContext(v -> {
            channelClosed = true;
            if (ended) {
                fireClose();
            }
        }));
    }

    // ---- reading: channel -> handler

    private void readNext() {
        if (paused || reading || ended) {
            return;
        }
        reading = true;
        ByteArrayBuffer buffer = new ByteArrayBuffer(readChunk, false);
        in.read(buffer).addListener(f -> onContext(() -> onRead(f, buffer)));
    }

    /** Runs on this stream's context: directly when already there (MINA often completes on it), else as a task. */
    private void onContext(Runnable action) {
        if (Vertx.currentContext() == context) {
            action.run();
        } else {
            context.runOnContext(v -> action.run());
        }
    }

    private void onRead(IoReadFuture f, ByteArrayBuffer buffer) {
        reading = false;
        Throwable error = f.getException();
        if (error != null) {
            ended = true;
            if (error instanceof EOFException || !channel.isOpen()) {
                fire(endHandler);
            } else if (exceptionHandler != null) {
                exceptionHandler.handle(error);
            }
            if (channelClosed) {
                fireClose();
            }
            return;
        }
        int n = f.getRead();
        int size = buffer.array().length; // not capacity(): that is the room left after the read
        if (n >= size) {
            readChunk = Math.min(MAX_READ_CHUNK, size * 2); // filled: the channel has more, read bigger next time
        } else if (n < size / 4) {
            readChunk = Math.max(MIN_READ_CHUNK, size / 2);
        }
        if (n > 0 && dataHandler != null) {
            dataHandler.handle(toVertx(buffer, n));
        }
        readNext();
    }

    @Override
    public TunnelStream handler(Handler<Buffer> handler) {
        this.dataHandler = handler;
        return this;
    }

    @Override
    public TunnelStream pause() {
        paused = true;
        return this;
    }

    @Override
    public TunnelStream resume() {
        paused = false;
        readNext();
        return this;
    }

    @Override
    public TunnelStream fetch(long amount) {
        return resume();
    }

    @Override
    public TunnelStream endHandler(Handler<Void> handler) {
        this.endHandler = handler;
        return this;
    }

    // ---- writing: caller -> channel

    @Override
    public Future<Void> write(Buffer data) {
        Promise<Void> promise = Promise.promise();
        if (eofRequested || !channel.isOpen()) {
            promise.fail(new EOFException("tunnel closed for writing"));
            return promise.future();
        }
        writes.add(new PendingWrite(data, promise));
        queuedBytes += data.length();
        writeNext();
        return promise.future();
    }

    private void writeNext() {
        if (writing) {
            return;
        }
        PendingWrite next = writes.poll();
        if (next == null) {
            if (closeRequested != null) {
                Promise<Void> closed = closeRequested;
                channel.close(false).addListener(f -> closed.tryComplete());
            } else if (eofRequested && !eofSent) {
                eofSent = true;
                sendEof();
            }
            return;
        }
        writing = true;
        ByteArrayBuffer packet = toMina(next.data());
        int length = packet.available();
        try {
            MinaInternal.run(() -> out.writeBuffer(packet).addListener(f -> onContext(() -> {
                writing = false;
                queuedBytes -= length;
                if (f.isWritten()) {
                    next.promise().complete();
                } else {
                    next.promise().fail(f.getException());
                }
                if (queuedBytes <= maxQueuedBytes / 2 && drainHandler != null) {
                    Handler<Void> h = drainHandler;
                    drainHandler = null;
                    h.handle(null);
                }
                writeNext();
            })));
        } catch (Exception e) {
            writing = false;
            next.promise().fail(e);
        }
    }

    private void sendEof() {
        try {
            channel.halfClose();
        } catch (Exception e) {
            channel.close(true);
        }
    }

    /** Half-close: EOF to the far end once queued writes are sent; reading goes on. */
    @Override
    public Future<Void> end() {
        if (!eofRequested) {
            eofRequested = true;
            writeNext();
        }
        return Future.succeededFuture();
    }

    @Override
    public TunnelStream setWriteQueueMaxSize(int maxSize) {
        this.maxQueuedBytes = maxSize;
        return this;
    }

    @Override
    public boolean writeQueueFull() {
        return queuedBytes >= maxQueuedBytes;
    }

    @Override
    public TunnelStream drainHandler(Handler<Void> handler) {
        this.drainHandler = handler;
        return this;
    }

    @Override
    public TunnelStream exceptionHandler(Handler<Throwable> handler) {
        this.exceptionHandler = handler;
        return this;
    }

    @Override
    public TunnelStream closeHandler(Handler<Void> handler) {
        this.closeHandler = handler;
        return this;
    }

    /** Graceful: queued data and EOF go first, then the channel closes. */
    @Override
    public Future<Void> close() {
        if (closeRequested == null) {
            closeRequested = Promise.promise();
            eofRequested = true;
            writeNext();
        }
        return closeRequested.future();
    }

    /**
     * The bytes MINA read, as a Vert.x buffer. A read buffer at least half full is wrapped (no copy; it is not reused);
     * a small read is copied to its exact size, so a slow local reader's queue of small chunks does not pin a
     * whole read buffer each.
     */
    private static Buffer toVertx(ByteArrayBuffer buffer, int n) {
        if (n >= buffer.array().length / 2) {
            return BufferInternal.buffer(Unpooled.wrappedBuffer(buffer.array(), buffer.rpos(), n));
        }
        return BufferInternal.buffer(Unpooled.copiedBuffer(buffer.array(), buffer.rpos(), n));
    }

    /**
     * The caller's bytes as a MINA buffer, without a copy when they sit in one heap array. The caller does not
     * modify a buffer it wrote (Vert.x write contract), and MINA is done with it when the write future completes.
     */
    private static ByteArrayBuffer toMina(Buffer data) {
        ByteBuf buf = ((BufferInternal) data).getByteBuf();
        int length = buf.readableBytes();
        if (buf.hasArray()) {
            return new ByteArrayBuffer(buf.array(), buf.arrayOffset() + buf.readerIndex(), length, true);
        }
        byte[] bytes = new byte[length];
        buf.getBytes(buf.readerIndex(), bytes);
        return new ByteArrayBuffer(bytes);
    }

    private void fireClose() {
        if (!closeFired) {
            closeFired = true;
            fire(closeHandler);
        }
    }

    private void fire(Handler<Void> handler) {
        if (handler != null) {
            handler.handle(null);
        }
    }
}
