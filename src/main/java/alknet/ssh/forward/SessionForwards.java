package alknet.ssh.forward;

import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.common.session.Session;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The {@code -R} listeners one session holds: {@code cancel-tcpip-forward} finds only its own, and all of them close
 * with the session, however it ends. Runs on the session's event loop.
 */
final class SessionForwards {
    private static final AttributeKey<SessionForwards> KEY = new AttributeKey<>();

    private final List<ForwardListener> listeners = new ArrayList<>();
    private boolean closed;

    static SessionForwards of(Session session) {
        return session.computeAttributeIfAbsent(KEY, k -> {
            SessionForwards forwards = new SessionForwards();
            session.addCloseFutureListener(f -> forwards.closeAll());
            return forwards;
        });
    }

    /** Keeps {@code listener}, or closes it at once when the session already closed. */
    void add(ForwardListener listener) {
        if (closed) {
            listener.close();
        } else {
            listeners.add(listener);
        }
    }

    /** Removes and closes this session's listener for the request's host and bound port; false when it has none. */
    boolean cancel(String host, int port) {
        for (ForwardListener l : listeners) {
            if (l.port() == port && l.requestedHost().toLowerCase(Locale.ROOT).equals(host.toLowerCase(Locale.ROOT))) {
                listeners.remove(l);
                l.close();
                return true;
            }
        }
        return false;
    }

    int size() {
        return listeners.size();
    }

    private synchronized void closeAll() {
        closed = true;
        List<ForwardListener> all = List.copyOf(listeners);
        listeners.clear();
        all.forEach(ForwardListener::close);
    }
}
