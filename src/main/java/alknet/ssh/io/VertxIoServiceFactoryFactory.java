package alknet.ssh.io;

import alknet.transport.ProxyUrl;
import io.vertx.core.Vertx;
import org.apache.sshd.common.Factory;
import org.apache.sshd.common.FactoryManager;
import org.apache.sshd.common.io.IoServiceFactory;
import org.apache.sshd.common.io.IoServiceFactoryFactory;
import org.apache.sshd.common.util.threads.CloseableExecutorService;

/**
 * Plugs {@link VertxIoServiceFactory} into an {@code SshServer} or {@code SshClient}; {@code outboundProxy} (null =
 * direct) carries the forwarding targets MINA connects to.
 */
public final class VertxIoServiceFactoryFactory implements IoServiceFactoryFactory {
    private final Vertx vertx;
    private final ProxyUrl outboundProxy;

    public VertxIoServiceFactoryFactory(Vertx vertx, ProxyUrl outboundProxy) {
        this.vertx = vertx;
        this.outboundProxy = outboundProxy;
    }

    @Override
    public IoServiceFactory create(FactoryManager manager) {
        return new VertxIoServiceFactory(vertx, outboundProxy);
    }

    @Override
    public void setExecutorServiceFactory(Factory<CloseableExecutorService> factory) {
        // Vert.x event loops do all I/O; MINA's executor is not used by this back-end.
    }
}
