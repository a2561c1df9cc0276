package alknet.ssh.channel;

import alknet.ssh.io.MinaInternal;
import alknet.stream.DuplexConnection;
import alknet.stream.TransportInfo;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.buffer.BufferInternal;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.channel.AbstractChannel;
import org.apache.sshd.common.channel.LocalWindow;
import org.apache.sshd.common.io.IoOutputStream;
import io.vertx.core.buffer.Buffer;

import java.io.EOFException;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;

/**
 * One SSH channel as a {@link DuplexConnection}, on both sides of a session: the bytes the peer sends arrive through
 * {@link #dataReceived}, its EOF through {@link #eofReceived} (reported like a TCP FIN, in order with the data, by
 * {@link #onInputShutdown}), and the channel's close ends the stream after every byte was delivered. Back-pressure
 * toward the peer is the SSH window: it is re-opened only for bytes handed to a reader that is not paused. Writes
 * go out one at a time through MINA's async output, which waits for the peer's window.
 * <p>
 * Everything runs on {@code context}, the event loop of the session's connection, where MINA delivers the
 * channel's packets. Every call into MINA from here runs as MINA-internal (decision 36).
 */
public final class ChannelStream implements DuplexConnection {
    private static final int DEFAULT_MAX_QUEUED_BYTES = 512 * 1024;

    private final AbstractChannel channel;
    private final IoOutputStream out;
    private final EofSender eofSender;
    private final Context context;
    private final TransportInfo info;
    private final InetSocketAddress localAddress;
    private final InetSocketAddress remoteAddress;

    private final ArrayDeque<Buffer> received = new ArrayDeque<>();
    private Handler<Buffer> dataHandler;
    private Handler<Void> finHandler;
    private Handler<Void> endHandler;
    private Handler<Void> closeHandler;
    private Handler<Void> drainHandler;
    private Handler<Throwable> exceptionHandler;
    private boolean paused = true;
    private boolean eofArrived;
    private boolean finDelivered;
    private boolean channelClosed;
    private boolean endDelivered;
    private boolean closeDelivered;
    private boolean discarding;

    private final ArrayDeque<PendingWrite> writes = new ArrayDeque<>();
    private boolean writing;
    private long queuedBytes;
    private int maxQueuedBytes = DEFAULT_MAX_QUEUED_BYTES;
    private boolean outputShutdown;
    private Promise<Void> eofSent;
    private Promise<Void> closeRequested;

    /** One SSH packet's worth of a write; the write's promise completes with its last packet. */
    private record PendingWrite(org.apache.sshd.common.util.buffer.Buffer packet, int length, Promise<Void> promise, boolean last) {}

    /** Recipient channel and data length of SSH_MSG_CHANNEL_DATA (RFC 4254 section 5.2); MINA fills them in. */
    private static final int DATA_HEADER = 8;

    /** Sends the channel's EOF (MINA keeps {@code sendEof} protected; the channel class exposes it). */
    @FunctionalInterface
    public interface EofSender {
        void sendEof() throws Exception;
    }

    /** Call on the session's context once the channel is open; the channel then feeds this stream. */
    public ChannelStream(AbstractChannel channel, IoOutputStream out, EofSender eofSender, Context context,
                         TransportInfo info, InetSocketAddress localAddress, InetSocketAddress remoteAddress) {
        this.channel = channel;
        this.out = out;
        this.eofSender = eofSender;
        this.context = context;
        this.info = info;
        this.localAddress = localAddress;
        this.remoteAddress = remoteAddress;
        channel.addCloseFutureListener(f -> onContext(this::channelClosed));
    }

    // ---- from the channel (MINA, on the session's event loop)

    /** The peer's data; copied, since MINA reuses its packet buffer. */
    void dataReceived(byte[] data, int off, int len) {
        if (discarding) {
            releaseWindow(len);
            return;
        }
        byte[] copy = new byte[len];
        System.arraycopy(data, off, copy, 0, len);
        received.add(BufferInternal.buffer(Unpooled.wrappedBuffer(copy)));
        deliver();
    }

    void eofReceived() {
        eofArrived = true;
        deliver();
    }

    private void channelClosed() {
        channelClosed = true;
        eofArrived = true;
        deliver();
    }

    /** Hands queued data to the reader while it is not paused, then the FIN, the end and the close, in that order. */
    private void deliver() {
        while (!paused && !received.isEmpty()) {
            Buffer next = received.poll();
            int length = next.length();
            if (dataHandler != null) {
                dataHandler.handle(next);
            }
            releaseWindow(length);
        }
        if (!received.isEmpty() || paused && !channelClosed) {
            return;
        }
        if (eofArrived && !finDelivered) {
            finDelivered = true;
            fire(finHandler);
        }
        if (channelClosed && received.isEmpty()) {
            if (!endDelivered) {
                endDelivered = true;
                fire(endHandler);
            }
            failPendingWrites();
            if (!closeDelivered) {
                closeDelivered = true;
                fire(closeHandler);
            }
        }
    }

    private void releaseWindow(int length) {
        if (channelClosed) {
            return;
        }
        try {
            MinaInternal.run(() -> {
                LocalWindow window = channel.getLocalWindow();
                if (window.isOpen()) {
                    window.release(length);
                }
            });
        } catch (Exception e) {
            channel.close(true);
        }
    }

    // ---- reading

    @Override
    public DuplexConnection handler(Handler<Buffer> handler) {
        this.dataHandler = handler;
        return this;
    }

    @Override
    public DuplexConnection pause() {
        paused = true;
        return this;
    }

    @Override
    public DuplexConnection resume() {
        paused = false;
        deliver();
        return this;
    }

    @Override
    public DuplexConnection fetch(long amount) {
        return resume();
    }

    @Override
    public DuplexConnection endHandler(Handler<Void> handler) {
        this.endHandler = handler;
        return this;
    }

    /** The peer's EOF, after every byte sent before it. */
    @Override
    public boolean onInputShutdown(Handler<Void> handler) {
        this.finHandler = handler;
        if (finDelivered) {
            handler.handle(null);
        }
        return true;
    }

    // ---- writing

    /**
     * Queues {@code data}, copied straight into SSH packets of at most the peer's packet size (a reader may lend
     * its buffers only for the length of its handler, so a copy is needed anyway).
     */
    @Override
    public Future<Void> write(Buffer data) {
        Promise<Void> promise = Promise.promise();
        if (outputShutdown || closeRequested != null || channelClosed) {
            promise.fail(new EOFException("channel closed for writing"));
            return promise.future();
        }
        ByteBuf buf = ((BufferInternal) data).getByteBuf();
        int left = buf.readableBytes();
        if (left == 0) {
            promise.complete();
            return promise.future();
        }
        int from = buf.readerIndex();
        int packetSize = (int) Math.max(1L, Math.min(Integer.MAX_VALUE, channel.getRemoteWindow().getPacketSize()));
        while (left > 0) {
            int n = Math.min(left, packetSize);
            writes.add(new PendingWrite(packetOf(buf, from, n), n, promise, n == left));
            from += n;
            left -= n;
            queuedBytes += n;
        }
        writeNext();
        return promise.future();
    }

    /**
     * {@code n} bytes of {@code buf} laid out as a complete SSH_MSG_CHANNEL_DATA packet (MINA's PacketBuffer, header
     * room reserved): MINA then fills in the header and encrypts in place instead of copying the data into a packet
     * of its own. One copy and one allocation per packet instead of two.
     */
    private org.apache.sshd.common.util.buffer.Buffer packetOf(ByteBuf buf, int from, int n) {
        org.apache.sshd.common.util.buffer.Buffer packet = channel.getSession().createBuffer(SshConstants.SSH_MSG_CHANNEL_DATA, n + DATA_HEADER);
        packet.putUInt(0); // recipient channel
        packet.putUInt(0); // data length
        int start = packet.wpos();
        packet.ensureCapacity(n);
        buf.getBytes(from, packet.array(), start, n);
        packet.wpos(start + n);
        packet.rpos(start); // what is left to read is exactly the data, which is what lets MINA use it in place
        return packet;
    }

    private void writeNext() {
        if (writing) {
            return;
        }
        PendingWrite next = writes.poll();
        if (next == null) {
            finishOutput();
            return;
        }
        writing = true;
        int length = next.length();
        try {
            MinaInternal.run(() -> out.writeBuffer(next.packet()).addListener(f -> onContext(() -> {
                writing = false;
                queuedBytes -= length;
                if (!f.isWritten()) {
                    next.promise().tryFail(f.getException());
                } else if (next.last()) {
                    next.promise().tryComplete();
                }
                if (drainHandler != null && queuedBytes <= maxQueuedBytes / 2) {
                    Handler<Void> h = drainHandler;
                    drainHandler = null;
                    h.handle(null);
                }
                writeNext();
            })));
        } catch (Exception e) {
            writing = false;
            queuedBytes -= length;
            next.promise().tryFail(e);
            failPendingWrites();
        }
    }

    /** After the last queued write: the requested EOF, then the requested close. */
    private void finishOutput() {
        if (eofSent != null && !eofSent.future().isComplete()) {
            try {
                MinaInternal.run(eofSender::sendEof);
                eofSent.tryComplete();
            } catch (Exception e) {
                eofSent.tryFail(e);
            }
        }
        if (closeRequested != null && !closeRequested.future().isComplete()) {
            Promise<Void> closed = closeRequested;
            try {
                MinaInternal.run(() -> channel.close(false).addListener(f -> closed.tryComplete()));
            } catch (Exception e) {
                channel.close(true);
                closed.tryComplete();
            }
        }
    }

    private void failPendingWrites() {
        PendingWrite w;
        while ((w = writes.poll()) != null) {
            queuedBytes -= w.length();
            w.promise().tryFail(new EOFException("channel closed"));
        }
        if (eofSent != null) {
            eofSent.tryComplete();
        }
    }

    /** Half-close: EOF to the peer once the queued writes are out; reading goes on. */
    @Override
    public Future<Void> shutdownOutput() {
        if (eofSent == null) {
            eofSent = Promise.promise();
            outputShutdown = true;
            if (channelClosed) {
                eofSent.tryComplete();
            } else {
                writeNext();
            }
        }
        return eofSent.future();
    }

    /** A write stream's end is the half-close: the channel stays readable. */
    @Override
    public Future<Void> end() {
        return shutdownOutput();
    }

    /** Closes both directions once the queued writes are out; unread input is dropped. */
    @Override
    public Future<Void> close() {
        if (closeRequested == null) {
            closeRequested = Promise.promise();
            discarding = true;
            received.clear();
            if (channelClosed) {
                closeRequested.tryComplete();
            } else {
                writeNext();
            }
        }
        return closeRequested.future();
    }

    @Override
    public DuplexConnection setWriteQueueMaxSize(int maxSize) {
        this.maxQueuedBytes = maxSize;
        return this;
    }

    @Override
    public boolean writeQueueFull() {
        return queuedBytes >= maxQueuedBytes;
    }

    @Override
    public DuplexConnection drainHandler(Handler<Void> handler) {
        this.drainHandler = handler;
        return this;
    }

    @Override
    public DuplexConnection exceptionHandler(Handler<Throwable> handler) {
        this.exceptionHandler = handler;
        return this;
    }

    @Override
    public DuplexConnection closeHandler(Handler<Void> handler) {
        this.closeHandler = handler;
        return this;
    }

    // ---- identity

    @Override
    public TransportInfo info() {
        return info;
    }

    @Override
    public InetSocketAddress localAddress() {
        return localAddress;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return remoteAddress;
    }

    @Override
    public Context context() {
        return context;
    }

    /** Runs on this stream's context: directly when already there (MINA usually completes there), else as a task. */
    private void onContext(Runnable action) {
        if (Vertx.currentContext() == context) {
            action.run();
        } else {
            context.runOnContext(v -> action.run());
        }
    }

    private static void fire(Handler<Void> handler) {
        if (handler != null) {
            handler.handle(null);
        }
    }

    @Override
    public String toString() {
        return "ChannelStream[" + channel.getChannelId() + "]";
    }
}
