package alknet.call.registry;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * What {@code /node/info} reports about this process (30-call-protocol.md section 6).
 *
 * @param startedAtMillis epoch milliseconds when the node started
 */
public record NodeInfo(String version, String hostName, long startedAtMillis) {
    /**
     * This process: the host name from the OS (may query DNS, so it blocks: call it off the event loop) and the
     * current time as start.
     */
    public static NodeInfo detect(String version) {
        return new NodeInfo(version, localHostName(), System.currentTimeMillis());
    }

    private static String localHostName() {
        String fromEnv = System.getenv("HOSTNAME");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
