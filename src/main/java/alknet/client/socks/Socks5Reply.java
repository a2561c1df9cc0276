package alknet.client.socks;

import alknet.client.TunnelOpenException;
import io.vertx.core.buffer.Buffer;

/** Encodes the SOCKS5 reply to a request (RFC 1928 section 6). */
public final class Socks5Reply {
    public static final int SUCCEEDED = 0x00;
    public static final int GENERAL_FAILURE = 0x01;
    public static final int NOT_ALLOWED = 0x02;
    public static final int NETWORK_UNREACHABLE = 0x03;
    public static final int HOST_UNREACHABLE = 0x04;
    public static final int CONNECTION_REFUSED = 0x05;
    public static final int TTL_EXPIRED = 0x06;
    public static final int COMMAND_NOT_SUPPORTED = 0x07;
    public static final int ADDRESS_TYPE_NOT_SUPPORTED = 0x08;

    /** Length of every reply we send: VER REP RSV ATYP + 4 address bytes + 2 port bytes. */
    public static final int LENGTH = 10;

    private Socks5Reply() {}

    /**
     * VER=5, REP=code, RSV=0, ATYP=IPv4 and bound address 0.0.0.0:0. The real bound address is on the SSH
     * server's side and clients doing CONNECT do not use it, so we reveal nothing.
     */
    public static Buffer encode(int code) {
        if (code < 0 || code > 0xFF) {
            throw new IllegalArgumentException("reply code is one byte");
        }
        return Buffer.buffer(LENGTH)
                .appendByte((byte) Socks5Handshake.VERSION)
                .appendByte((byte) code)
                .appendByte((byte) 0)
                .appendByte((byte) Socks5Target.AddressType.IPV4.code())
                .appendInt(0)
                .appendShort((short) 0);
    }

    /** The reply code for a failed tunnel open: the exception's reason, or general failure for anything else. */
    public static int codeFor(Throwable openFailure) {
        if (openFailure instanceof TunnelOpenException e) {
            return e.reason().socksReply();
        }
        return GENERAL_FAILURE;
    }
}
