package alknet.ssh;

import alknet.Addresses;
import alknet.config.DynamicConfigHolder;
import alknet.ops.AlknetMetrics;
import alknet.ssh.io.StreamIoAcceptor;
import alknet.stream.DuplexConnection;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.session.Session;

import java.io.IOException;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;

/**
 * Layer 2 on the server (00-overview.md): the MINA SSH server over Vert.x streams. Transport verticles hand it
 * accepted connections with {@link #accept}; it authenticates them and serves forwarding channels.
 */
public final class SshInterfaceVerticle extends VerticleBase {
    private final KeyPair hostKey;
    private final ServerSettings settings;
    private final DynamicConfigHolder config;
    private final AlknetMetrics metrics;
    private ServerSessionLifecycle lifecycle;
    private StreamSshServer server;
    private StreamIoAcceptor acceptor;

    public SshInterfaceVerticle(KeyPair hostKey, ServerSettings settings, DynamicConfigHolder config, AlknetMetrics metrics) {
        this.hostKey = hostKey;
        this.settings = settings;
        this.config = config;
        this.metrics = metrics;
    }

    @Override
    public Future<?> start() throws Exception {
        lifecycle = new ServerSessionLifecycle(config, metrics);
        server = SshServerFactory.create(vertx, hostKey, settings, config, metrics, lifecycle);
        server.addSessionListener(new ServerKeepalive(vertx, settings.keepalive()));
        server.start();
        acceptor = server.streamAcceptor();
        vertx.eventBus().consumer(Addresses.SSH_SESSIONS, msg -> msg.reply(new JsonObject()
                .put("sessions", server.getActiveSessions().size())
                .put("unauthenticated", lifecycle.unauthenticated())));
        vertx.eventBus().consumer(Addresses.readiness("ssh"), msg -> msg.reply(new JsonObject().put("ok", server.isStarted())));
        return Future.succeededFuture();
    }

    /**
     * Starts SSH on a stream a transport accepted (an in-process call, never a socket). Call on the connection's
     * context. Returns false when max-startups refuses it; the caller then closes the connection.
     */
    public boolean accept(DuplexConnection connection) {
        if (lifecycle.unauthenticated() >= config.get().limits().maxStartups()) {
            metrics.connectionRejected("max-startups");
            ServerAuthLog.connectionRejected(connection.info().remoteAddress(), "max-startups");
            return false;
        }
        acceptor.accept(connection);
        return true;
    }

    public int activeSessions() {
        return server == null ? 0 : server.getActiveSessions().size();
    }

    /** Sends SSH disconnect to every session, then waits up to {@code drain} for them to close. */
    public Future<Void> disconnectAll(Duration drain) {
        List<? extends Session> sessions = List.copyOf(server.getActiveSessions());
        for (Session s : sessions) {
            try {
                s.disconnect(SshConstants.SSH2_DISCONNECT_BY_APPLICATION, "server shutting down");
            } catch (IOException | RuntimeException e) {
                s.close(true);
            }
        }
        Promise<Void> drained = Promise.promise();
        long deadline = System.nanoTime() + drain.toNanos();
        vertx.setPeriodic(50, id -> {
            if (server.getActiveSessions().isEmpty() || System.nanoTime() > deadline) {
                vertx.cancelTimer(id);
                drained.tryComplete();
            }
        });
        return drained.future();
    }

    @Override
    public Future<?> stop() {
        return vertx.executeBlocking(() -> {
            server.stop(true);
            return null;
        });
    }
}
