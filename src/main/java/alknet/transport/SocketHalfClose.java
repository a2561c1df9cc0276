package alknet.transport;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetSocket;

/**
 * TCP half-close for Vert.x sockets, which the public NetSocket API lacks: a peer's FIN is reported
 * without closing our write side, and our write side can be shut down after pending writes
 * (10-tunnel.md section 3: "half-close is propagated").
 */
public final class SocketHalfClose {
    private SocketHalfClose() {}

    /** Keeps the socket open when the peer shuts its output; {@code onInputShutdown} runs on the socket's event loop. */
    public static void enable(NetSocket socket, Handler<Void> onInputShutdown) {
        if (!(socket instanceof NetSocketInternal internal)) {
            return;
        }
        Channel channel = internal.channelHandlerContext().channel();
        channel.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
        internal.eventHandler(event -> {
            if (event instanceof ChannelInputShutdownEvent) {
                onInputShutdown.handle(null);
            }
        });
    }

    /** Sends FIN once every write issued before this call has reached the socket. */
    public static Future<Void> shutdownOutput(NetSocket socket) {
        if (!(socket instanceof NetSocketInternal internal)
                || !(internal.channelHandlerContext().channel() instanceof DuplexChannel duplex)) {
            return socket.end();
        }
        return socket.write(Buffer.buffer()).compose(v -> {
            io.netty.channel.ChannelFuture f = duplex.shutdownOutput();
            return Future.future(p -> f.addListener(r -> {
                if (r.isSuccess()) {
                    p.complete();
                } else {
                    p.fail(r.cause());
                }
            }));
        });
    }

    /** True when our side has already shut down its output. */
    public static boolean isOutputShutdown(NetSocket socket) {
        return socket instanceof NetSocketInternal internal
                && internal.channelHandlerContext().channel() instanceof DuplexChannel duplex
                && duplex.isOutputShutdown();
    }
}
