package alknet.ssh;

import alknet.api.Limits;
import alknet.log.ServerLog;
import alknet.metrics.AlknetMetrics;
import alknet.ssh.io.SessionAttributes;
import alknet.ssh.io.VertxIoSession;
import alknet.stream.TransportInfo;
import org.apache.sshd.common.io.IoSession;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.core.CoreModuleProperties;

/**
 * Follows each server session from accept to close: applies the current limits to it, releases its startup slot
 * when it authenticates (or closes first), writes the connection and accept log lines and keeps the session gauge.
 */
final class ServerSessionLifecycle implements SessionListener {
    /** The I/O session's attribute holding the release of its startup slot (see {@link StartupGate}). */
    private static final Object STARTUP_SLOT = StartupGate.Slot.class;

    private final ServerRules rules;
    private final AlknetMetrics metrics;

    ServerSessionLifecycle(ServerRules rules, AlknetMetrics metrics) {
        this.rules = rules;
        this.metrics = metrics;
    }

    /** Ties a startup slot to a connection: released on authentication, or when the connection closes before it. */
    static void holdStartupSlot(VertxIoSession io, Runnable release) {
        io.setAttribute(STARTUP_SLOT, release);
        io.addCloseFutureListener(f -> release.run());
    }

    private static void releaseStartupSlot(Session session) {
        IoSession io = session.getIoSession();
        if (io != null && io.getAttribute(STARTUP_SLOT) instanceof Runnable release) {
            release.run();
        }
    }

    @Override
    public void sessionCreated(Session session) {
        Limits limits = rules.limits();
        CoreModuleProperties.MAX_AUTH_REQUESTS.set(session, limits.maxAuthAttempts());
        CoreModuleProperties.AUTH_TIMEOUT.set(session, limits.authTimeout());
        session.setAttribute(SessionAttributes.OPENED_AT_NANOS, System.nanoTime());
        TransportInfo t = VertxIoSession.transportInfo(session);
        if (t != null) {
            ServerLog.connectionOpened(t);
        }
    }

    @Override
    public void sessionEvent(Session session, Event event) {
        if (event == Event.Authenticated) {
            releaseStartupSlot(session);
            metrics.sessionStarted();
            metrics.authAttempt("accept", "publickey");
            ServerLog.authAttempt(VertxIoSession.transportInfo(session), session.getUsername(),
                    session.getAttribute(SessionAttributes.OFFERED_KEY), true, null);
        }
    }

    @Override
    public void sessionClosed(Session session) {
        releaseStartupSlot(session);
        if (session.isAuthenticated()) {
            metrics.sessionEnded();
        }
        TransportInfo t = VertxIoSession.transportInfo(session);
        Long openedAt = session.getAttribute(SessionAttributes.OPENED_AT_NANOS);
        if (t != null && openedAt != null) {
            ServerLog.connectionClosed(t, (System.nanoTime() - openedAt) / 1e9);
        }
    }
}
