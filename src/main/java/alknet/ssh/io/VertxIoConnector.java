package alknet.ssh.io;

import alknet.stream.StreamDialer;
import alknet.stream.DuplexConnection;
import alknet.transport.NetSocketConnection;
import alknet.stream.TransportKind;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import org.apache.sshd.common.AttributeRepository;
import org.apache.sshd.common.io.DefaultIoConnectFuture;
import org.apache.sshd.common.io.IoConnectFuture;
import org.apache.sshd.common.io.IoConnector;
import org.apache.sshd.common.io.IoHandler;
import org.apache.sshd.common.io.IoServiceEventListener;

import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * MINA's outbound side: the SSH client's connection to its server, over the {@link StreamDialer} in the connect
 * context ({@link SessionDialer#KEY}: TLS, WebSocket, a proxy) or plain TCP with the Vert.x {@link NetClient}.
 */
final class VertxIoConnector extends VertxIoService implements IoConnector {
    private final NetClient netClient;

    VertxIoConnector(Vertx vertx, IoHandler handler, IoServiceEventListener listener, NetClient netClient) {
        super(vertx, handler, listener);
        this.netClient = netClient;
    }

    @Override
    public IoConnectFuture connect(SocketAddress targetAddress, AttributeRepository context, SocketAddress localAddress) {
        DefaultIoConnectFuture future = new DefaultIoConnectFuture(targetAddress, null);
        InetSocketAddress target = (InetSocketAddress) targetAddress;
        StreamDialer dialer = context == null ? null : context.getAttribute(SessionDialer.KEY);
        Future<DuplexConnection> dialed = dialer != null ? dialer.dial(target) : dialTcp(target);
        dialed.onComplete(ar -> {
            if (ar.failed()) {
                future.setException(ar.cause());
                return;
            }
            DuplexConnection connection = ar.result();
            // Runs on the new connection's event loop, so the session is wired before any byte is read: directly when
            // the dial completed there (the usual case for a TCP target), else as a task.
            if (Vertx.currentContext() == connection.context()) {
                startSession(connection, context, future);
            } else {
                connection.context().runOnContext(v -> startSession(connection, context, future));
            }
        });
        return future;
    }

    private Future<DuplexConnection> dialTcp(InetSocketAddress target) {
        String host = target.isUnresolved() ? target.getHostString() : target.getAddress().getHostAddress();
        return netClient.connect(target.getPort(), host).map(socket -> new NetSocketConnection(socket, TransportKind.TCP));
    }

    private void startSession(DuplexConnection connection, AttributeRepository context, DefaultIoConnectFuture future) {
        VertxIoSession session = new VertxIoSession(this, handler, connection, null);
        try {
            IoServiceEventListener listener = getIoServiceEventListener();
            if (listener != null) {
                listener.connectionEstablished(this, connection.localAddress(), context, connection.remoteAddress());
            }
            session.start();
            future.setSession(session);
        } catch (Throwable e) {
            future.setException(e);
            session.close(true);
        }
    }
}
