package alknet.ssh;

import org.apache.sshd.core.CoreModuleProperties;

import java.time.Duration;

/**
 * {@code keepalive@openssh.com} every interval from this side; a peer that misses three replies in a row is
 * disconnected (10-tunnel.md section 2), on both the server and the client.
 */
public final class Keepalive {
    private Keepalive() {}

    public static void apply(org.apache.sshd.common.helpers.AbstractFactoryManager manager, Duration interval) {
        CoreModuleProperties.HEARTBEAT_INTERVAL.set(manager, interval);
        CoreModuleProperties.HEARTBEAT_REQUEST.set(manager, "keepalive@openssh.com");
        CoreModuleProperties.HEARTBEAT_REPLY_WAIT.set(manager, interval);
        CoreModuleProperties.HEARTBEAT_NO_REPLY_MAX.set(manager, ServerSettings.KEEPALIVE_MISSES);
    }
}
