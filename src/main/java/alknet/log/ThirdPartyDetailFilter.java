package alknet.log;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.core.spi.FilterReply;
import ch.qos.logback.classic.turbo.TurboFilter;
import org.slf4j.Marker;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Drops MINA SSHD and Netty log events below WARN whatever level is configured: their debug and trace lines name
 * tunnel targets and byte counts (e.g. "hostToConnect=", "WINDOW_ADJUST len="), which alknet must never log
 * (10-tunnel.md section 4). This covers alknet classes that extend MINA types too: they inherit MINA's logging
 * under their own names.
 */
public final class ThirdPartyDetailFilter extends TurboFilter {
    private final Map<String, Boolean> verdicts = new ConcurrentHashMap<>();

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        if (level == null || level.isGreaterOrEqual(Level.WARN)) {
            return FilterReply.NEUTRAL;
        }
        return verdicts.computeIfAbsent(logger.getName(), ThirdPartyDetailFilter::isThirdPartyDetail)
                ? FilterReply.DENY : FilterReply.NEUTRAL;
    }

    static boolean isThirdPartyDetail(String loggerName) {
        if (loggerName.startsWith("org.apache.sshd") || loggerName.startsWith("io.netty")) {
            return true;
        }
        if (!loggerName.startsWith("alknet.")) {
            return false;
        }
        try {
            for (Class<?> c = Class.forName(loggerName, false, ThirdPartyDetailFilter.class.getClassLoader());
                 c != null; c = c.getSuperclass()) {
                if (c.getName().startsWith("org.apache.sshd.")) {
                    return true;
                }
            }
        } catch (ClassNotFoundException | LinkageError e) {
            // a logger name that is not a class (e.g. "alknet.server"): alknet's own lines
        }
        return false;
    }
}
