package alknet.transport;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetSocket;

/**
 * TCP half-close for Vert.x sockets, which the public NetSocket API lacks: a peer's FIN is reported without
 * closing our write side, and our write side can be shut down after pending writes (10-tunnel.md section 3).
 */
public final class SocketHalfClose {
    private SocketHalfClose() {}

    /**
     * The peer's FIN on one socket. Create it right after accept, before the first read, or Netty closes the
     * whole socket on a FIN that arrives early (e.g. a client that sends its request and shuts its output).
     */
    public static final class InputShutdown {
        private boolean done;
        private Handler<Void> handler;

        private void fire() {
            done = true;
            Handler<Void> h = handler;
            if (h != null) {
                h.handle(null);
            }
        }

        public boolean isDone() {
            return done;
        }

        /** Runs on the socket's event loop when the FIN arrives; not called if it already arrived (check {@link #isDone}). */
        public void handler(Handler<Void> handler) {
            this.handler = handler;
        }
    }

    /** Keeps the socket open when the peer shuts its output and reports the FIN. */
    public static InputShutdown track(NetSocket socket) {
        InputShutdown shutdown = new InputShutdown();
        if (socket instanceof NetSocketInternal internal) {
            Channel channel = internal.channelHandlerContext().channel();
            channel.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
            internal.eventHandler(event -> {
                if (event instanceof ChannelInputShutdownEvent) {
                    shutdown.fire();
                }
            });
        }
        return shutdown;
    }

    /** Sends FIN once every write issued before this call has reached the socket. */
    public static Future<Void> shutdownOutput(NetSocket socket) {
        if (!(socket instanceof NetSocketInternal internal)
                || !(internal.channelHandlerContext().channel() instanceof DuplexChannel duplex)) {
            return socket.end();
        }
        return socket.write(Buffer.buffer()).compose(v -> {
            ChannelFuture f = duplex.shutdownOutput();
            return Future.future(p -> f.addListener(r -> {
                if (r.isSuccess()) {
                    p.complete();
                } else {
                    p.fail(r.cause());
                }
            }));
        });
    }
}
