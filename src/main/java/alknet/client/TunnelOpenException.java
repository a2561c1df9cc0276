package alknet.client;

/** Why a tunnel could not be opened; SOCKS5 maps each reason to its reply code (10-tunnel.md section 5). */
public final class TunnelOpenException extends Exception {
    public enum Reason {
        /** The server's forwarding policy denied the target (SSH open failure "administratively prohibited"). */
        POLICY_DENIED(0x02),
        /** The target refused the connection or the server could not connect. */
        CONNECTION_REFUSED(0x05),
        /** The target name did not resolve or the host is unreachable. */
        HOST_UNREACHABLE(0x04),
        /** No SSH session came up in time (the client is reconnecting). */
        NO_SESSION(0x01),
        /** Anything else. */
        GENERAL_FAILURE(0x01);

        private final int socksReply;

        Reason(int socksReply) {
            this.socksReply = socksReply;
        }

        /** The SOCKS5 reply code (RFC 1928 section 6) for this reason. */
        public int socksReply() {
            return socksReply;
        }
    }

    private final Reason reason;

    public TunnelOpenException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
