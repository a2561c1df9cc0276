package alknet.ssh.io;

import alknet.stream.DuplexConnection;
import io.vertx.core.Vertx;
import org.apache.sshd.common.io.IoAcceptor;
import org.apache.sshd.common.io.IoHandler;
import org.apache.sshd.common.io.IoServiceEventListener;

import java.io.IOException;
import java.net.SocketAddress;
import java.util.Collection;
import java.util.Set;

/**
 * The SSH server's acceptor: it listens on nothing. Transport verticles accept connections (TCP, TLS, stealth,
 * WebSocket, relay) and hand each stream to {@link #accept}, so SSH never opens a socket and MINA sees the real
 * remote address and transport kind. {@code bind} only records the address MINA asked for.
 */
public final class StreamIoAcceptor extends VertxIoService implements IoAcceptor {
    private volatile Set<SocketAddress> virtualAddresses = Set.of();

    StreamIoAcceptor(Vertx vertx, IoHandler handler, IoServiceEventListener listener) {
        super(vertx, handler, listener);
    }

    /** Starts an SSH server session over an accepted stream; call on the connection's context. */
    public VertxIoSession accept(DuplexConnection connection) {
        VertxIoSession session = new VertxIoSession(this, handler, connection, connection.localAddress());
        try {
            IoServiceEventListener listener = getIoServiceEventListener();
            if (listener != null) {
                listener.connectionAccepted(this, connection.localAddress(), connection.remoteAddress(), connection.localAddress());
            }
            session.start();
        } catch (Throwable e) {
            session.close(true);
        }
        return session;
    }

    @Override
    public void bind(Collection<? extends SocketAddress> addresses) {
        virtualAddresses = Set.copyOf(addresses);
    }

    @Override
    public void bind(SocketAddress address) throws IOException {
        virtualAddresses = Set.of(address);
    }

    @Override
    public void unbind(Collection<? extends SocketAddress> addresses) {
        virtualAddresses = Set.of();
    }

    @Override
    public void unbind(SocketAddress address) {
        virtualAddresses = Set.of();
    }

    @Override
    public void unbind() {
        virtualAddresses = Set.of();
    }

    @Override
    public Set<SocketAddress> getBoundAddresses() {
        return virtualAddresses;
    }
}
