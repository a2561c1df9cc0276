package alknet.ssh;

import alknet.config.DynamicConfigHolder;
import alknet.config.Limits;
import alknet.ops.AlknetMetrics;
import alknet.ssh.io.VertxIoSession;
import alknet.stream.TransportInfo;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.core.CoreModuleProperties;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Follows each server session from accept to close: applies the current limits to it, counts unauthenticated
 * sessions (max-startups), writes the connection and accept log lines and keeps the session gauge.
 */
final class ServerSessionLifecycle implements SessionListener {
    private final DynamicConfigHolder config;
    private final AlknetMetrics metrics;
    private final AtomicInteger unauthenticated = new AtomicInteger();

    ServerSessionLifecycle(DynamicConfigHolder config, AlknetMetrics metrics) {
        this.config = config;
        this.metrics = metrics;
    }

    int unauthenticated() {
        return unauthenticated.get();
    }

    @Override
    public void sessionCreated(Session session) {
        Limits limits = config.get().limits();
        CoreModuleProperties.MAX_AUTH_REQUESTS.set(session, limits.maxAuthAttempts());
        CoreModuleProperties.AUTH_TIMEOUT.set(session, limits.authTimeout());
        session.setAttribute(SessionAttributes.OPENED_AT_NANOS, System.nanoTime());
        unauthenticated.incrementAndGet();
        TransportInfo t = VertxIoSession.transportInfo(session);
        if (t != null) {
            ServerAuthLog.connectionOpened(t);
        }
    }

    @Override
    public void sessionEvent(Session session, Event event) {
        if (event == Event.Authenticated) {
            unauthenticated.decrementAndGet();
            metrics.sessionStarted();
            metrics.authAttempt("accept", "publickey");
            ServerAuthLog.authAttempt(session, session.getUsername(),
                    session.getAttribute(SessionAttributes.OFFERED_KEY), true, null);
        }
    }

    @Override
    public void sessionClosed(Session session) {
        if (session.isAuthenticated()) {
            metrics.sessionEnded();
        } else {
            unauthenticated.decrementAndGet();
        }
        TransportInfo t = VertxIoSession.transportInfo(session);
        Long openedAt = session.getAttribute(SessionAttributes.OPENED_AT_NANOS);
        if (t != null && openedAt != null) {
            ServerAuthLog.connectionClosed(t, (System.nanoTime() - openedAt) / 1e9);
        }
    }
}
