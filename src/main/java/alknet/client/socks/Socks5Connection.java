package alknet.client.socks;

import alknet.client.TunnelOpenException;
import alknet.client.TunnelOpener;
import alknet.stream.DuplexConnection;
import alknet.stream.Splice;
import alknet.stream.TransportKind;
import alknet.transport.NetSocketConnection;
import alknet.transport.SocketHalfClose;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Locale;

/**
 * One accepted SOCKS5 client: runs the handshake under a stall timeout, opens the tunnel for its CONNECT, replies
 * and splices. Logs carry the client's address and a reason, never the target (10-tunnel.md section 4).
 */
final class Socks5Connection {
    private static final Logger LOG = LoggerFactory.getLogger(Socks5Connection.class);

    private enum State { HANDSHAKE, OPENING, SPLICED, CLOSED }

    private final Vertx vertx;
    private final Context context;
    private final NetSocket socket;
    private final Socks5Handshake handshake;
    private final TunnelOpener opener;
    private final Duration handshakeTimeout;
    private State state = State.HANDSHAKE;
    private long timerId = -1;
    /** Client bytes after the CONNECT request; sent into the tunnel ahead of everything else. */
    private Buffer leftover;
    private SocketHalfClose.InputShutdown fin;

    Socks5Connection(Vertx vertx, NetSocket socket, Socks5Handshake handshake, TunnelOpener opener,
                     Duration handshakeTimeout) {
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.socket = socket;
        this.handshake = handshake;
        this.opener = opener;
        this.handshakeTimeout = handshakeTimeout;
    }

    void start() {
        // Track the FIN from the first byte on: a client may send CONNECT, data and FIN without waiting for the reply.
        fin = SocketHalfClose.track(socket);
        fin.handler(v -> {
            if (state == State.HANDSHAKE) {
                socket.close(); // a FIN before the request is complete: the handshake can never finish
            }
        });
        socket.handler(this::onData);
        socket.closeHandler(v -> onClosed());
        socket.exceptionHandler(e -> {
            LOG.debug("socks5 connection error remote_addr={} error={}", remoteAddress(), e.getClass().getSimpleName());
            socket.close();
        });
        timerId = vertx.setTimer(handshakeTimeout.toMillis(), id -> {
            timerId = -1;
            if (state == State.HANDSHAKE) {
                LOG.debug("socks5 handshake failed remote_addr={} reason=timeout", remoteAddress());
                state = State.CLOSED;
                socket.close();
            }
        });
    }

    private void onData(Buffer data) {
        if (state == State.OPENING) {
            // Only if bytes slip past pause(): keep them in order behind the earlier leftover.
            leftover.appendBuffer(data);
            return;
        }
        if (state != State.HANDSHAKE) {
            return;
        }
        Socks5Step step = handshake.feed(data);
        if (step.toWrite().length() > 0) {
            socket.write(step.toWrite());
        }
        if (step instanceof Socks5Step.Failed failed) {
            LOG.debug("socks5 handshake failed remote_addr={} reason={}", remoteAddress(), failed.reason());
            endHandshakePhase(State.CLOSED);
            socket.end();
        } else if (step instanceof Socks5Step.ConnectRequested connect) {
            endHandshakePhase(State.OPENING);
            // Hold further client bytes in Vert.x's queue until the tunnel exists; the splice resumes the socket.
            socket.pause();
            leftover = connect.leftover();
            open(connect.target());
        }
    }

    private void open(Socks5Target target) {
        Future<DuplexConnection> opening;
        try {
            opening = opener.open(target.host(), target.port());
        } catch (RuntimeException e) {
            opening = Future.failedFuture(e);
        }
        // The opener may complete on the SSH session's context; come back to this socket's.
        opening.onComplete(result -> {
            if (Vertx.currentContext() == context) {
                onOpened(result);
            } else {
                context.runOnContext(v -> onOpened(result));
            }
        });
    }

    private void onOpened(AsyncResult<DuplexConnection> result) {
        if (state != State.OPENING) {
            if (result.succeeded()) {
                result.result().close();
            }
            return;
        }
        if (result.failed()) {
            int code = Socks5Reply.codeFor(result.cause());
            LOG.debug("socks5 connect failed remote_addr={} reason={} reply={}",
                    remoteAddress(), reasonOf(result.cause()), code);
            state = State.CLOSED;
            socket.write(Socks5Reply.encode(code));
            socket.end();
            return;
        }
        DuplexConnection tunnel = result.result();
        state = State.SPLICED;
        socket.write(Socks5Reply.encode(Socks5Reply.SUCCEEDED));
        if (leftover.length() > 0) {
            tunnel.write(leftover);
        }
        leftover = null;
        Splice.between(tunnel, NetSocketConnection.withHalfClose(socket, TransportKind.TCP, fin));
    }

    private void onClosed() {
        if (state == State.HANDSHAKE || state == State.OPENING) {
            endHandshakePhase(State.CLOSED);
        }
    }

    private void endHandshakePhase(State next) {
        state = next;
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
            timerId = -1;
        }
    }

    /** The exception's message may name the target, so only the reason's name is logged. */
    private static String reasonOf(Throwable cause) {
        if (cause instanceof TunnelOpenException e) {
            return e.reason().name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
        return "error";
    }

    private String remoteAddress() {
        return socket.remoteAddress() == null ? "unknown" : socket.remoteAddress().hostAddress();
    }
}
