package alknet.call.carrier;

import alknet.call.frame.Envelope;
import alknet.call.frame.FrameTooLargeException;
import alknet.call.frame.MalformedEnvelopeException;
import alknet.stream.TransportInfo;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Envelopes over a WebSocket, one per text message and without a length prefix (30-call-protocol.md section 1).
 * A binary message, a message above the maximum frame or one that is not an envelope closes the socket. The
 * server should also set {@code HttpServerOptions.setMaxWebSocketMessageSize} to the maximum frame so a large
 * message is refused before it is gathered.
 */
public final class WebSocketFrameCarrier implements FrameCarrier {
    private static final Logger LOG = LoggerFactory.getLogger(WebSocketFrameCarrier.class);
    private static final short UNSUPPORTED_DATA = 1003;
    private static final short MESSAGE_TOO_BIG = 1009;
    private static final short POLICY_VIOLATION = 1008;

    private final WebSocketBase socket;
    private final Context context;
    private final TransportInfo transport;
    private final int maxFrame;
    private final EnvelopeInbox inbox;
    private Handler<Void> closeHandler;
    private boolean closing;
    private boolean closed;

    /** Takes over the socket's handlers; create it on {@code context}, the socket's. */
    public WebSocketFrameCarrier(WebSocketBase socket, Context context, TransportInfo transport, int maxFrame) {
        this.socket = socket;
        this.context = context;
        this.transport = transport;
        this.maxFrame = maxFrame;
        this.inbox = new EnvelopeInbox(socket::pause, socket::resume);
        socket.textMessageHandler(this::onText);
        socket.binaryMessageHandler(b -> refuse(UNSUPPORTED_DATA, "a binary message (envelopes travel in text messages)"));
        socket.exceptionHandler(e -> {
            LOG.debug("call WebSocket failed ({}); closing it", e.getClass().getSimpleName());
            close();
        });
        socket.closeHandler(v -> onClosed());
    }

    private void onText(String text) {
        if (closing || closed) {
            return;
        }
        Buffer json = Buffer.buffer(text);
        if (json.length() > maxFrame) {
            refuse(MESSAGE_TOO_BIG, "a message above the maximum frame of " + maxFrame + " bytes (--max-frame)");
            return;
        }
        try {
            inbox.offer(Envelope.parse(json));
        } catch (MalformedEnvelopeException e) {
            refuse(POLICY_VIOLATION, e.getMessage());
        }
    }

    private void refuse(short status, String what) {
        if (closing || closed) {
            return;
        }
        LOG.warn("closing call WebSocket: {}", what);
        closing = true;
        socket.close(status, "protocol violation").onComplete(ar -> onClosed());
    }

    @Override
    public Context context() {
        return context;
    }

    @Override
    public TransportInfo transport() {
        return transport;
    }

    @Override
    public WebSocketFrameCarrier envelopeHandler(Handler<Envelope> handler) {
        inbox.handler(handler);
        return this;
    }

    @Override
    public WebSocketFrameCarrier closeHandler(Handler<Void> handler) {
        this.closeHandler = handler;
        if (closed && handler != null) {
            handler.handle(null);
        }
        return this;
    }

    @Override
    public Future<Void> send(Envelope envelope) {
        if (closing || closed) {
            return Future.failedFuture(new IllegalStateException("the call WebSocket is closed"));
        }
        Buffer json = envelope.toBuffer();
        if (json.length() > maxFrame) {
            return Future.failedFuture(new FrameTooLargeException(json.length(), maxFrame));
        }
        return socket.writeTextMessage(json.toString());
    }

    @Override
    public boolean writeQueueFull() {
        return socket.writeQueueFull();
    }

    @Override
    public WebSocketFrameCarrier drainHandler(Handler<Void> handler) {
        socket.drainHandler(handler);
        return this;
    }

    @Override
    public WebSocketFrameCarrier pause() {
        inbox.pause();
        socket.pause();
        return this;
    }

    @Override
    public WebSocketFrameCarrier resume() {
        socket.resume();
        inbox.resume();
        return this;
    }

    @Override
    public Future<Void> close() {
        if (closing || closed) {
            return Future.succeededFuture();
        }
        closing = true;
        return socket.close().eventually(() -> {
            onClosed();
            return Future.succeededFuture();
        });
    }

    private void onClosed() {
        if (closed) {
            return;
        }
        closed = true;
        closing = true;
        inbox.clear();
        Handler<Void> handler = closeHandler;
        if (handler != null) {
            handler.handle(null);
        }
    }

    @Override
    public boolean isClosed() {
        return closed;
    }
}
