package alknet.ssh;

import alknet.Addresses;
import alknet.log.ServerLog;
import alknet.metrics.AlknetMetrics;
import alknet.outbound.Outbound;
import alknet.outbound.ReservedTargets;
import alknet.ssh.io.StreamIoAcceptor;
import alknet.ssh.io.VertxIoSession;
import alknet.stream.ConnectionAcceptor;
import alknet.stream.DuplexConnection;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.session.ConnectionService;
import org.apache.sshd.common.session.helpers.AbstractConnectionService;
import org.apache.sshd.common.session.Session;

import java.io.IOException;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Layer 2 on the server (00-overview.md): the MINA SSH server over Vert.x streams. Transport verticles hand it
 * accepted connections with {@link #accept}; it admits them (max startups), authenticates them and serves their
 * channels through the outbound layer. {@link #drain} is the graceful shutdown of 10-tunnel.md section 3.
 */
public final class SshInterfaceVerticle extends VerticleBase implements ConnectionAcceptor {
    private static final long DRAIN_POLL_MS = 50;

    private final KeyPair hostKey;
    private final ServerSettings settings;
    private final ServerRules rules;
    private final AlknetMetrics metrics;
    private final ReservedTargets reserved;
    private final StartupGate startups = new StartupGate();
    private volatile boolean acceptingChannels = true;
    private ChannelMetricsListener channels;
    private Outbound outbound;
    private StreamSshServer server;
    private StreamIoAcceptor acceptor;

    public SshInterfaceVerticle(KeyPair hostKey, ServerSettings settings, ServerRules rules, AlknetMetrics metrics,
                                ReservedTargets reserved) {
        this.hostKey = hostKey;
        this.settings = settings;
        this.rules = rules;
        this.metrics = metrics;
        this.reserved = reserved;
    }

    @Override
    public Future<?> start() throws Exception {
        channels = new ChannelMetricsListener(metrics);
        outbound = new Outbound(vertx, new SessionOutboundRules(rules, () -> acceptingChannels), reserved,
                settings.outboundProxy());
        server = SshServerFactory.create(vertx, hostKey, settings, rules, metrics, outbound.channelFactory(), channels);
        server.addSessionListener(new ServerKeepalive(vertx, settings.keepalive()));
        server.start();
        acceptor = server.streamAcceptor();
        // Local consumers: in a head cluster the bus is shared, and these describe this process only.
        vertx.eventBus().localConsumer(Addresses.SSH_SESSIONS, msg -> msg.reply(new JsonObject()
                .put("sessions", server.getActiveSessions().size())
                .put("unauthenticated", startups.unauthenticated())));
        vertx.eventBus().localConsumer(Addresses.readiness("ssh"), msg -> msg.reply(new JsonObject().put("ok", server.isStarted())));
        return Future.succeededFuture();
    }

    /**
     * Starts SSH on a stream a transport accepted (an in-process call, never a socket). Call on the connection's
     * context. Returns false when max-startups refuses it; the caller then closes the connection.
     */
    @Override
    public boolean accept(DuplexConnection connection) {
        String ip = connection.info().remoteAddress();
        StartupGate.Admission admission = startups.enter(ip, rules.limits());
        if (admission instanceof StartupGate.Refusal refusal) {
            metrics.connectionRejected(refusal.reason());
            ServerLog.connectionRejected(ip, refusal.reason());
            return false;
        }
        StartupGate.Slot slot = (StartupGate.Slot) admission;
        VertxIoSession session = acceptor.accept(connection);
        ServerSessionLifecycle.holdStartupSlot(session, slot::release);
        return true;
    }

    public int activeSessions() {
        return server == null ? 0 : server.getActiveSessions().size();
    }

    /** Unauthenticated connections now (tests assert that none is left behind). */
    public int unauthenticated() {
        return startups.unauthenticated();
    }

    /** Connections the I/O layer still tracks (tests assert that none is left behind). */
    public int trackedConnections() {
        return acceptor == null ? 0 : acceptor.getManagedSessions().size();
    }

    /** Open tunnel channels across all sessions. */
    public int openChannels() {
        return channels == null ? 0 : channels.open();
    }

    /** New channels are refused from now on (resource shortage); open ones go on. The first step of a shutdown. */
    public void refuseNewChannels() {
        acceptingChannels = false;
    }

    /**
     * Graceful shutdown (10-tunnel.md section 3): new channels are refused at once, open ones may finish for up to
     * {@code drain}. A session is disconnected as soon as it has no open channel (an idle client, a worker whose
     * control channel closed: it reconnects to another head at once, not after the longest transfer); the rest get
     * an SSH disconnect when the drain ends, and this completes once they closed (or a second later).
     */
    public Future<Void> drain(Duration drain) {
        acceptingChannels = false;
        long deadline = System.nanoTime() + drain.toNanos();
        return pollUntil(() -> {
            disconnect(session -> !hasOpenChannels(session));
            return channels.open() == 0 || System.nanoTime() >= deadline;
        }).compose(v -> disconnectAll());
    }

    private static boolean hasOpenChannels(Session session) {
        ConnectionService service;
        try {
            service = session.getService(ConnectionService.class);
        } catch (IllegalStateException notAuthenticatedYet) {
            return false; // no connection service yet, so no channel
        }
        return service instanceof AbstractConnectionService connection
                && connection.getChannels().stream().anyMatch(c -> !c.isClosing());
    }

    private Future<Void> disconnectAll() {
        disconnect(session -> true);
        long deadline = System.nanoTime() + Duration.ofSeconds(1).toNanos();
        return pollUntil(() -> server.getActiveSessions().isEmpty() || System.nanoTime() >= deadline);
    }

    private void disconnect(java.util.function.Predicate<Session> which) {
        for (Session s : List.copyOf(server.getActiveSessions())) {
            if (s.isClosing() || !which.test(s)) {
                continue;
            }
            try {
                s.disconnect(SshConstants.SSH2_DISCONNECT_BY_APPLICATION, "server shutting down");
            } catch (IOException | RuntimeException e) {
                s.close(true);
            }
        }
    }

    /**
     * Completes once {@code done} holds, checked now and then every {@link #DRAIN_POLL_MS}. One-shot timers, never a
     * cancelled periodic one: cancelling a periodic timer from its first run, when it was set from a thread outside
     * the event loop (a signal handler), can fail inside Vert.x and leave the drain waiting forever.
     */
    private Future<Void> pollUntil(BooleanSupplier done) {
        Promise<Void> promise = Promise.promise();
        poll(done, promise);
        return promise.future();
    }

    private void poll(BooleanSupplier done, Promise<Void> promise) {
        if (done.getAsBoolean()) {
            promise.complete();
        } else {
            vertx.setTimer(DRAIN_POLL_MS, id -> poll(done, promise));
        }
    }

    @Override
    public Future<?> stop() {
        return vertx.executeBlocking(() -> {
            server.stop(true);
            return null;
        }).compose(v -> outbound.close());
    }
}
