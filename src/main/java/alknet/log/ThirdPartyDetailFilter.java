package alknet.log;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.Marker;

/**
 * Drops MINA SSHD and Netty log events below WARN whatever level is configured: their debug lines name tunnel
 * targets (e.g. MINA's "hostToConnect="), which alknet must never log (10-tunnel.md section 4).
 */
public final class ThirdPartyDetailFilter extends TurboFilter {
    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        String name = logger.getName();
        boolean thirdParty = name.startsWith("org.apache.sshd") || name.startsWith("io.netty");
        if (thirdParty && level != null && !level.isGreaterOrEqual(Level.WARN)) {
            return FilterReply.DENY;
        }
        return FilterReply.NEUTRAL;
    }
}
