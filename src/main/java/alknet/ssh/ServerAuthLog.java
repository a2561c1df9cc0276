package alknet.ssh;

import alknet.log.LogLine;
import alknet.stream.TransportInfo;
import alknet.ssh.io.VertxIoSession;
import org.apache.sshd.common.session.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The fail2ban-friendly server lines of 10-tunnel.md section 4, built in one place. */
public final class ServerAuthLog {
    private static final Logger LOG = LoggerFactory.getLogger("alknet.server");

    private ServerAuthLog() {}

    public static void authAttempt(Session session, String user, String fingerprint, boolean accepted, String reason) {
        TransportInfo t = VertxIoSession.transportInfo(session);
        LogLine line = LogLine.of("auth attempt")
                .kv("remote_addr", t == null ? "unknown" : t.remoteAddress())
                .kv("remote_port", t == null ? 0 : t.remotePort())
                .kv("user", user)
                .kv("key_fingerprint", fingerprint)
                .kv("result", accepted ? "accept" : "reject")
                .kv("method", "publickey");
        if (reason != null) {
            line.kv("reason", reason);
        }
        LOG.info("{}", line);
    }

    public static void connectionOpened(TransportInfo t) {
        LOG.info("{}", LogLine.of("connection opened").kv("remote_addr", t.remoteAddress()).kv("remote_port", t.remotePort())
                .kv("transport", t.kind().wireName()));
    }

    public static void connectionClosed(TransportInfo t, double seconds) {
        LOG.info("{}", LogLine.of("connection closed").kv("remote_addr", t.remoteAddress()).kv("remote_port", t.remotePort())
                .kv("duration", String.format(java.util.Locale.ROOT, "%.1f", seconds)));
    }

    public static void connectionRejected(String remoteAddress, String reason) {
        LOG.info("{}", LogLine.of("connection rejected").kv("remote_addr", remoteAddress).kv("reason", reason));
    }

    public static void channelDenied(Session session, String reason) {
        TransportInfo t = VertxIoSession.transportInfo(session);
        LOG.info("{}", LogLine.of("channel denied").kv("remote_addr", t == null ? "unknown" : t.remoteAddress())
                .kv("reason", reason));
    }

    public static void forwardDenied(Session session, String reason) {
        TransportInfo t = VertxIoSession.transportInfo(session);
        LOG.info("{}", LogLine.of("remote forward denied").kv("remote_addr", t == null ? "unknown" : t.remoteAddress())
                .kv("reason", reason));
    }
}
