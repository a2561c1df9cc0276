package alknet.ssh.io;

import alknet.transport.NetSocketConnection;
import alknet.stream.TransportKind;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import org.apache.sshd.common.io.IoAcceptor;
import org.apache.sshd.common.io.IoHandler;
import org.apache.sshd.common.io.IoServiceEventListener;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

/**
 * MINA's listening side for forwards (server {@code -R} ports): each bind opens a real Vert.x {@link NetServer}.
 */
final class VertxIoAcceptor extends VertxIoService implements IoAcceptor {
    private static final Duration BIND_TIMEOUT = Duration.ofSeconds(5);

    private final Map<SocketAddress, NetServer> servers = new ConcurrentHashMap<>();

    VertxIoAcceptor(Vertx vertx, IoHandler handler, IoServiceEventListener listener) {
        super(vertx, handler, listener);
    }

    @Override
    public void bind(Collection<? extends SocketAddress> addresses) throws IOException {
        for (SocketAddress address : addresses) {
            bind(address);
        }
    }

    /**
     * MINA's forwarding API is synchronous, so this waits for the OS bind (done on Vert.x's acceptor thread,
     * well under a millisecond). It polls the future's state instead of registering a callback, since a
     * callback would be dispatched to the very event loop that is waiting here.
     */
    @Override
    public void bind(SocketAddress address) throws IOException {
        InetSocketAddress requested = (InetSocketAddress) address;
        NetServer server = vertx.createNetServer(new NetServerOptions().setTcpNoDelay(true).setReuseAddress(true))
                .connectHandler(this::accepted);
        String host = requested.isUnresolved() ? requested.getHostString() : requested.getAddress().getHostAddress();
        Future<NetServer> listening = server.listen(requested.getPort(), host);
        long deadline = System.nanoTime() + BIND_TIMEOUT.toNanos();
        while (!listening.isComplete()) {
            if (System.nanoTime() > deadline) {
                server.close();
                throw new IOException("timed out binding a forward listener");
            }
            LockSupport.parkNanos(50_000);
        }
        if (listening.failed()) {
            throw new IOException("cannot bind forward listener: " + listening.cause().getMessage(), listening.cause());
        }
        InetSocketAddress bound = new InetSocketAddress(requested.getAddress() != null ? requested.getAddress().getHostAddress() : host,
                server.actualPort());
        servers.put(bound, server);
    }

    private void accepted(NetSocket socket) {
        // Forward listeners keep half-close: an application may send its request, shut its output and await the answer.
        NetSocketConnection connection = NetSocketConnection.trackingHalfClose(socket, TransportKind.TCP);
        SocketAddress acceptance = servers.entrySet().stream()
                .filter(e -> e.getKey() instanceof InetSocketAddress a && a.getPort() == socket.localAddress().port())
                .map(Map.Entry::getKey).findFirst().orElse(null);
        VertxIoSession session = new VertxIoSession(this, handler, connection, acceptance);
        try {
            IoServiceEventListener listener = getIoServiceEventListener();
            if (listener != null) {
                listener.connectionAccepted(this, connection.localAddress(), connection.remoteAddress(), acceptance);
            }
            session.start();
        } catch (Throwable e) {
            session.close(true);
        }
    }

    @Override
    public void unbind(Collection<? extends SocketAddress> addresses) {
        addresses.forEach(this::unbind);
    }

    @Override
    public void unbind(SocketAddress address) {
        NetServer server = servers.remove(address);
        if (server == null && address instanceof InetSocketAddress a) {
            // MINA may ask with a wildcard or port-0 form of the address it bound.
            servers.keySet().stream().filter(k -> ((InetSocketAddress) k).getPort() == a.getPort()).findFirst()
                    .ifPresent(k -> servers.remove(k).close());
            return;
        }
        if (server != null) {
            server.close();
        }
    }

    @Override
    public void unbind() {
        new HashSet<>(servers.keySet()).forEach(this::unbind);
    }

    @Override
    public Set<SocketAddress> getBoundAddresses() {
        return new HashSet<>(servers.keySet());
    }

    @Override
    protected void doCloseImmediately() {
        unbind();
        super.doCloseImmediately();
    }
}
