package alknet.ssh.io;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import org.apache.sshd.common.io.IoAcceptor;
import org.apache.sshd.common.io.IoConnector;
import org.apache.sshd.common.io.IoHandler;
import org.apache.sshd.common.io.IoServiceEventListener;
import org.apache.sshd.common.io.IoServiceFactory;
import org.apache.sshd.common.util.closeable.AbstractCloseable;
import org.apache.sshd.server.session.SessionFactory;

/**
 * MINA SSHD's I/O back-end on Vert.x (10-tunnel.md section 2): every connection MINA uses is a Vert.x stream. The
 * server's acceptor takes streams from transport verticles; the connector dials the SSH client's server connection.
 * Forward listeners and tunnel targets are alknet's own (the outbound layer, {@code ssh.forward}), not MINA's.
 */
public final class VertxIoServiceFactory extends AbstractCloseable implements IoServiceFactory {
    private static final int CONNECT_TIMEOUT_MS = 10_000;

    private final Vertx vertx;
    private final NetClient netClient;
    private volatile IoServiceEventListener eventListener;

    public VertxIoServiceFactory(Vertx vertx) {
        this.vertx = vertx;
        this.netClient = vertx.createNetClient(new NetClientOptions().setTcpNoDelay(true).setConnectTimeout(CONNECT_TIMEOUT_MS));
    }

    @Override
    public IoConnector createConnector(IoHandler handler) {
        return new VertxIoConnector(vertx, handler, eventListener, netClient);
    }

    /** Only the SSH server's acceptor, which binds nothing: alknet serves forwards itself, never through MINA's. */
    @Override
    public IoAcceptor createAcceptor(IoHandler handler) {
        if (handler instanceof SessionFactory) {
            return new StreamIoAcceptor(vertx, handler, eventListener);
        }
        throw new UnsupportedOperationException("alknet binds forward listeners itself, not through MINA");
    }

    @Override
    public IoServiceEventListener getIoServiceEventListener() {
        return eventListener;
    }

    @Override
    public void setIoServiceEventListener(IoServiceEventListener listener) {
        this.eventListener = listener;
    }

    @Override
    protected void doCloseImmediately() {
        netClient.close();
        super.doCloseImmediately();
    }
}
