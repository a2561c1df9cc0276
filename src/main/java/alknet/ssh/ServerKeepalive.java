package alknet.ssh;

import io.vertx.core.Vertx;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.common.util.buffer.Buffer;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Server-side keepalives (10-tunnel.md section 2). MINA's server only sends SSH_MSG_IGNORE heartbeats, which a
 * stopped or vanished client's kernel still ACKs; this sends {@code keepalive@openssh.com} with want-reply every
 * interval and closes a session that has answered nothing for {@link ServerSettings#KEEPALIVE_MISSES} intervals,
 * so its {@code -R} ports are freed. Any reply, success or failure, counts as alive.
 */
final class ServerKeepalive implements SessionListener {
    private static final String REQUEST = "keepalive@openssh.com";

    private final Vertx vertx;
    private final Duration interval;
    private final Map<Session, Long> timers = new ConcurrentHashMap<>();

    ServerKeepalive(Vertx vertx, Duration interval) {
        this.vertx = vertx;
        this.interval = interval;
    }

    @Override
    public void sessionEvent(Session session, Event event) {
        if (event != Event.Authenticated) {
            return;
        }
        long[] lastAnswer = {System.nanoTime()};
        long[] lastSent = {System.nanoTime()};
        long deadNanos = interval.toNanos() * ServerSettings.KEEPALIVE_MISSES;
        // Check four times per interval so a dead peer is noticed soon after its third missed reply.
        long checkMillis = Math.max(50, interval.toMillis() / 4);
        long timer = vertx.setPeriodic(checkMillis, id -> {
            long now = System.nanoTime();
            synchronized (lastAnswer) {
                if (now - lastAnswer[0] >= deadNanos) {
                    disconnect(session);
                    return;
                }
            }
            if (now - lastSent[0] >= interval.toNanos()) {
                lastSent[0] = now;
                send(session, lastAnswer);
            }
        });
        timers.put(session, timer);
    }

    private static void send(Session session, long[] lastAnswer) {
        try {
            Buffer request = session.createBuffer(SshConstants.SSH_MSG_GLOBAL_REQUEST, REQUEST.length() + 16);
            request.putString(REQUEST);
            request.putBoolean(true);
            session.request(request, REQUEST, (command, reply) -> {
                synchronized (lastAnswer) {
                    lastAnswer[0] = System.nanoTime();
                }
            });
        } catch (IOException | RuntimeException e) {
            session.close(true);
        }
    }

    private void disconnect(Session session) {
        cancel(session);
        try {
            session.disconnect(SshConstants.SSH2_DISCONNECT_CONNECTION_LOST, "keepalive timeout");
        } catch (IOException | RuntimeException e) {
            session.close(true);
        }
    }

    private void cancel(Session session) {
        Long timer = timers.remove(session);
        if (timer != null) {
            vertx.cancelTimer(timer);
        }
    }

    @Override
    public void sessionClosed(Session session) {
        cancel(session);
    }
}
