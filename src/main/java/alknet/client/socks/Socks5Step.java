package alknet.client.socks;

import io.vertx.core.buffer.Buffer;

/**
 * What one {@link Socks5Handshake#feed} produced: the bytes to write to the client now (in order, possibly empty)
 * and where the handshake stands.
 */
public sealed interface Socks5Step permits Socks5Step.NeedMore, Socks5Step.Failed, Socks5Step.ConnectRequested {
    Buffer toWrite();

    /** The handshake is going on; write {@link #toWrite()} and feed the next bytes. */
    record NeedMore(Buffer toWrite) implements Socks5Step {}

    /**
     * The handshake failed: write {@link #toWrite()} (the refusal, possibly empty) and close. {@code reason} is a
     * short code such as {@code bad-version} that never contains the target, so it may be logged.
     */
    record Failed(Buffer toWrite, String reason) implements Socks5Step {}

    /**
     * The client asked to CONNECT: write {@link #toWrite()}, open the tunnel, send the reply, then send
     * {@code leftover} (bytes the client pipelined after its request) into the tunnel before anything else.
     */
    record ConnectRequested(Buffer toWrite, Socks5Target target, Buffer leftover) implements Socks5Step {
        /** Hides the target and the leftover bytes from logs (10-tunnel.md section 4). */
        @Override
        public String toString() {
            return "ConnectRequested[" + target + "]";
        }
    }
}
