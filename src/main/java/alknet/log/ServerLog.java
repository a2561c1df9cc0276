package alknet.log;

import alknet.stream.TransportInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;

/**
 * The fail2ban-friendly server lines of 10-tunnel.md section 4, built in one place. None of them names a tunnel
 * target: a refused channel says why, never where. Refused connections are logged through {@link RejectionLog},
 * at most one line per source and reason in each interval, so a flood cannot flood the log.
 */
public final class ServerLog {
    private static final Logger LOG = LoggerFactory.getLogger("alknet.server");
    private static final RejectionLog REJECTIONS = new RejectionLog(LOG);

    private ServerLog() {}

    public static void authAttempt(TransportInfo t, String user, String fingerprint, boolean accepted, String reason) {
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
                .kv("duration", String.format(Locale.ROOT, "%.1f", seconds)));
    }

    /** {@code connection rejected remote_addr=.. reason=..}, rate-limited per address and reason. */
    public static void connectionRejected(String remoteAddress, String reason) {
        REJECTIONS.rejected(remoteAddress, reason);
    }

    /** A refused channel open ({@code reason=policy}, {@code invalid-request}, {@code max-channels}, ...). */
    public static void channelDenied(TransportInfo t, String reason) {
        LOG.info("{}", LogLine.of("channel denied").kv("remote_addr", t == null ? "unknown" : t.remoteAddress())
                .kv("reason", reason));
    }

    public static void forwardDenied(TransportInfo t, String reason) {
        LOG.info("{}", LogLine.of("remote forward denied").kv("remote_addr", t == null ? "unknown" : t.remoteAddress())
                .kv("reason", reason));
    }
}
