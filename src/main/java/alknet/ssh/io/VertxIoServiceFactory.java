package alknet.ssh.io;

import alknet.transport.ProxyUrl;
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
 * MINA SSHD's I/O back-end on Vert.x (10-tunnel.md section 2): every socket MINA uses is a Vert.x socket.
 * The server's own acceptor takes streams from transport verticles; forward listeners and outbound
 * connections are real Vert.x servers and clients.
 */
public final class VertxIoServiceFactory extends AbstractCloseable implements IoServiceFactory {
    private static final int CONNECT_TIMEOUT_MS = 10_000;

    private final Vertx vertx;
    private final NetClient netClient;
    private volatile IoServiceEventListener eventListener;

    /** {@code outboundProxy}: null, or the proxy every outbound forwarding connection goes through. */
    public VertxIoServiceFactory(Vertx vertx, ProxyUrl outboundProxy) {
        this.vertx = vertx;
        this.netClient = vertx.createNetClient(ProxyUrl.applyTo(
                new NetClientOptions().setTcpNoDelay(true).setConnectTimeout(CONNECT_TIMEOUT_MS), outboundProxy));
    }

    @Override
    public IoConnector createConnector(IoHandler handler) {
        return new VertxIoConnector(vertx, handler, eventListener, netClient);
    }

    @Override
    public IoAcceptor createAcceptor(IoHandler handler) {
        if (handler instanceof SessionFactory) {
            return new StreamIoAcceptor(vertx, handler, eventListener);
        }
        return new VertxIoAcceptor(vertx, handler, eventListener);
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
