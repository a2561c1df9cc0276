package alknet.ssh.io;

import io.vertx.core.Vertx;
import org.apache.sshd.common.io.IoHandler;
import org.apache.sshd.common.io.IoService;
import org.apache.sshd.common.io.IoServiceEventListener;
import org.apache.sshd.common.io.IoSession;
import org.apache.sshd.common.util.closeable.AbstractCloseable;

import java.util.Collections;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** What the Vert.x acceptor and connector share: the handler MINA gave us and the sessions we manage. */
abstract class VertxIoService extends AbstractCloseable implements IoService {
    private static final AtomicLong SESSION_IDS = new AtomicLong();

    protected final Vertx vertx;
    protected final IoHandler handler;
    private final Map<Long, IoSession> sessions = new ConcurrentHashMap<>();
    private volatile IoServiceEventListener eventListener;

    VertxIoService(Vertx vertx, IoHandler handler, IoServiceEventListener eventListener) {
        this.vertx = vertx;
        this.handler = handler;
        this.eventListener = eventListener;
    }

    long nextSessionId() {
        return SESSION_IDS.incrementAndGet();
    }

    void register(IoSession session) {
        sessions.put(session.getId(), session);
    }

    void unregister(IoSession session) {
        sessions.remove(session.getId());
    }

    @Override
    public Map<Long, IoSession> getManagedSessions() {
        return Collections.unmodifiableMap(sessions);
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
        sessions.values().forEach(s -> s.close(true));
        sessions.clear();
        super.doCloseImmediately();
    }
}
