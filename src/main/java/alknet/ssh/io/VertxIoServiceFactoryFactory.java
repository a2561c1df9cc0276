package alknet.ssh.io;

import io.vertx.core.Vertx;
import org.apache.sshd.common.Factory;
import org.apache.sshd.common.FactoryManager;
import org.apache.sshd.common.io.IoServiceFactory;
import org.apache.sshd.common.io.IoServiceFactoryFactory;
import org.apache.sshd.common.util.threads.CloseableExecutorService;

/** Plugs {@link VertxIoServiceFactory} into an {@code SshServer} or {@code SshClient}. */
public final class VertxIoServiceFactoryFactory implements IoServiceFactoryFactory {
    private final Vertx vertx;

    public VertxIoServiceFactoryFactory(Vertx vertx) {
        this.vertx = vertx;
    }

    @Override
    public IoServiceFactory create(FactoryManager manager) {
        return new VertxIoServiceFactory(vertx);
    }

    @Override
    public void setExecutorServiceFactory(Factory<CloseableExecutorService> factory) {
        // Vert.x event loops do all I/O; MINA's executor is not used by this back-end.
    }
}
