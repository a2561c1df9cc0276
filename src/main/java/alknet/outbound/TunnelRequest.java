package alknet.outbound;

import alknet.policy.TargetHost;
import alknet.ssh.channel.ChannelRefusal;
import org.apache.sshd.common.util.buffer.Buffer;

/**
 * A {@code direct-tcpip} open as the peer sent it (RFC 4254 section 7.2: host to connect, port, originator address
 * and port), parsed once: the host is a {@link TargetHost} that the policy, the resolver and the dialer all use.
 * A request that names no valid target (out-of-range port, empty host, NUL or control characters, a truncated
 * message) is refused as "connect failed" without quoting any part of it.
 */
record TunnelRequest(TargetHost host, int port) {
    private static final int MAX_HOST_BYTES = 1024;

    static TunnelRequest parse(Buffer payload) {
        String hostText;
        long port;
        try {
            hostText = payload.getString(); // MINA rejects a length beyond the packet
            port = payload.getUInt();
            payload.getString(); // originator address and port: not used for anything
            payload.getUInt();
        } catch (RuntimeException e) {
            throw ChannelRefusal.connectFailed("malformed direct-tcpip request");
        }
        if (hostText.length() > MAX_HOST_BYTES || port > 65535) {
            throw ChannelRefusal.connectFailed("invalid target");
        }
        TargetHost host;
        try {
            host = TargetHost.parse(hostText);
        } catch (IllegalArgumentException e) {
            throw ChannelRefusal.connectFailed("invalid target: " + e.getMessage());
        }
        if (port == 0 && !(host instanceof TargetHost.Reserved)) {
            throw ChannelRefusal.connectFailed("invalid target port");
        }
        return new TunnelRequest(host, (int) port);
    }
}
