package alknet.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetSocket;

import java.util.ArrayDeque;

/**
 * A socket's inbound side with its data, the peer's FIN and the end of the stream delivered strictly in arrival
 * order, and with back-pressure applied at the socket (Netty's auto-read) instead of in Vert.x's read queues.
 * <p>
 * Why: Vert.x (5.0.7) buffers reads of a paused {@link NetSocket} in two layers: its inbound message queue and,
 * once that queue passed its high-water mark, the connection's own pending list. When the peer closes, the end
 * sentinel is written straight into the message queue, ahead of the bytes still held in the pending list, so the
 * end handler runs before the last bytes are delivered (fixed upstream in Vert.x 5.0.8). The FIN event of a
 * half-close-tracking socket ({@link SocketHalfClose#track}) likewise bypasses both layers. A reader that acts on
 * the end (closes a forwarding channel) then silently loses the tail of the stream.
 * <p>
 * Here the Vert.x stream is never paused, so every read goes straight through Vert.x to this class (Vert.x's queues
 * stay empty and its end therefore comes after all data). {@link #pause()} stops the socket's reads instead; the
 * few buffers Netty already read are kept here, in order, together with the FIN and end markers. Memory stays
 * bounded by one read burst, and nothing blocks. All delivery happens on the socket's event loop.
 * <p>
 * Reads come as raw Netty buffers ({@code NetSocketInternal.messageHandler}), lent to the reader for the duration
 * of its data handler and freed after it: no copy into a Vert.x heap buffer and no pass through Vert.x's inbound
 * queue for every read (the reader, MINA, copies what it keeps anyway).
 * <p>
 * Starts paused: the reader sets its handlers and calls {@link #resume()} (or {@link #fetch}).
 */
final class OrderedInbound {
    private static final Object FIN = new Object();
    private static final Object END = new Object();

    private final NetSocket socket;
    /** Null when the socket is not a Netty-backed Vert.x socket; then Vert.x's own pause is used (no ordering fix). */
    private final Channel channel;
    private final ArrayDeque<Object> queue = new ArrayDeque<>();
    private Handler<Buffer> dataHandler;
    private Handler<Void> endHandler;
    private Handler<Void> finHandler;
    private boolean finDelivered;
    private boolean delivering;
    /** Buffers the reader still accepts: 0 paused, Long.MAX_VALUE flowing. Written on any thread, read on the loop. */
    private volatile long demand;

    /** While true, raw reads wait in {@link #early} until what Vert.x had buffered before us is drained. */
    private boolean adopting;
    private ArrayDeque<Object> early;

    OrderedInbound(NetSocket socket) {
        this.socket = socket;
        this.channel = socket instanceof NetSocketInternal internal ? internal.channelHandlerContext().channel() : null;
        if (channel == null) {
            socket.pause();
            return;
        }
        channel.config().setAutoRead(false);
        socket.handler(this::arrived); // only for what Vert.x buffered before (e.g. behind the stealth sniffer)
        socket.endHandler(v -> {
            if (adopting) {
                early.add(END); // the end always comes after every raw read
            } else {
                arrived(END);
            }
        });
        socket.resume(); // Vert.x itself never holds anything back from here on (the caller may have paused it)
        // From now on reads come raw, without Vert.x's copy to a heap buffer and its inbound queue. Vert.x drains
        // its older buffered reads on a task of this event loop; raw reads wait until the task queued after it ran.
        adopting = true;
        early = new ArrayDeque<>();
        ((NetSocketInternal) socket).messageHandler(this::arrivedRaw);
        channel.eventLoop().execute(() -> {
            adopting = false;
            queue.addAll(early);
            early = null;
            deliver();
        });
    }

    private void arrivedRaw(Object message) {
        if (!(message instanceof ByteBuf buf)) {
            ReferenceCountUtil.release(message);
            return;
        }
        if (adopting) {
            early.add(buf);
        } else {
            arrived(buf);
        }
    }

    /** The reader is done (it closed the connection): frees the reads it will never take. */
    void discard() {
        if (channel == null) {
            return;
        }
        EventLoop loop = channel.eventLoop();
        if (!loop.inEventLoop()) {
            loop.execute(this::discard);
            return;
        }
        demand = 0L;
        releaseAll(queue);
        if (early != null) {
            releaseAll(early);
        }
    }

    private static void releaseAll(ArrayDeque<Object> items) {
        for (Object item; (item = items.poll()) != null; ) {
            ReferenceCountUtil.release(item);
        }
    }

    /** Call on the event loop when the peer's FIN arrived (half-close tracking sockets only). */
    void finArrived() {
        if (channel == null) {
            finDelivered = true;
            Handler<Void> h = finHandler;
            if (h != null) {
                h.handle(null);
            }
            return;
        }
        arrived(FIN);
    }

    void handler(Handler<Buffer> handler) {
        if (channel == null) {
            socket.handler(handler);
        }
        dataHandler = handler;
    }

    void endHandler(Handler<Void> handler) {
        if (channel == null) {
            socket.endHandler(handler);
        }
        endHandler = handler;
    }

    /** Runs {@code handler} when the FIN is delivered in order, or at once (on the loop) if it already was. */
    void finHandler(Handler<Void> handler) {
        finHandler = handler;
        if (finDelivered) {
            handler.handle(null);
        }
    }

    void pause() {
        demand = 0L;
        if (channel == null) {
            socket.pause();
        } else {
            channel.config().setAutoRead(false);
        }
    }

    void resume() {
        fetch(Long.MAX_VALUE);
    }

    void fetch(long amount) {
        if (amount < 0L) {
            throw new IllegalArgumentException("negative fetch: " + amount);
        }
        if (channel == null) {
            socket.fetch(amount);
            return;
        }
        if (amount == 0L) {
            return;
        }
        long next = demand + amount;
        demand = next < 0L ? Long.MAX_VALUE : next;
        EventLoop loop = channel.eventLoop();
        if (loop.inEventLoop()) {
            deliver();
        } else {
            loop.execute(this::deliver);
        }
    }

    /**
     * A raw read is lent to the reader for the duration of its handler (MINA copies what it keeps) and freed
     * after; buffers Vert.x already copied are the reader's to keep.
     */
    private void handData(Object item) {
        Handler<Buffer> h = dataHandler;
        if (item instanceof ByteBuf buf) {
            try {
                if (h != null) {
                    h.handle(BufferInternal.buffer(buf));
                }
            } finally {
                buf.release();
            }
        } else if (h != null) {
            h.handle((Buffer) item);
        }
    }

    private void arrived(Object item) {
        queue.add(item);
        deliver();
    }

    /** Hands queued items to the reader while it has demand; re-entrant calls (from the handlers) just return. */
    private void deliver() {
        if (delivering) {
            return;
        }
        delivering = true;
        try {
            Object item;
            while (demand > 0L && (item = queue.peek()) != null) {
                queue.poll();
                if (item == FIN) {
                    finDelivered = true;
                    Handler<Void> h = finHandler;
                    if (h != null) {
                        h.handle(null);
                    }
                } else if (item == END) {
                    Handler<Void> h = endHandler;
                    if (h != null) {
                        h.handle(null);
                    }
                } else {
                    long d = demand;
                    if (d != Long.MAX_VALUE) {
                        demand = d - 1;
                    }
                    handData(item);
                }
            }
        } finally {
            delivering = false;
        }
        // Read from the socket only while the reader wants more and nothing is waiting here.
        channel.config().setAutoRead(demand > 0L && queue.isEmpty());
    }
}
