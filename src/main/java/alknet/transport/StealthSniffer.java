package alknet.transport;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;

import java.nio.charset.StandardCharsets;

/**
 * Stealth mode (10-tunnel.md section 1): after the TLS handshake, read until 8 bytes arrived or 5 s passed,
 * sending nothing. {@code SSH-2.0-} hands the stream, those bytes included, to SSH; anything else (HTTP, garbage,
 * silence) gets {@link NginxNotFound} and the connection closes, so a prober sees an ordinary web server.
 */
public final class StealthSniffer {
    static final int SNIFF_BYTES = 8;
    public static final long SNIFF_TIMEOUT_MS = 5_000;
    private static final byte[] SSH_PREFIX = "SSH-2.0-".getBytes(StandardCharsets.US_ASCII);

    private StealthSniffer() {}

    /** Completes with the bytes read so far when the peer speaks SSH; fails (connection answered and closed) otherwise. */
    public static Future<Buffer> sniff(Vertx vertx, NetSocket socket, long timeoutMs) {
        Promise<Buffer> result = Promise.promise();
        Buffer seen = Buffer.buffer();
        long timer = vertx.setTimer(timeoutMs, id -> {
            if (result.tryFail("stealth: no SSH identification in time")) {
                NginxNotFound.answer(socket);
            }
        });
        socket.handler(data -> {
            seen.appendBuffer(data);
            if (seen.length() < SNIFF_BYTES || result.future().isComplete()) {
                return;
            }
            vertx.cancelTimer(timer);
            socket.pause();
            socket.handler(null);
            socket.endHandler(null);
            if (startsWithSsh(seen)) {
                result.tryComplete(seen);
            } else if (result.tryFail("stealth: not SSH")) {
                NginxNotFound.answer(socket);
            }
        });
        // endHandler, so the caller's closeHandler (per-IP accounting) stays in place.
        socket.endHandler(v -> {
            vertx.cancelTimer(timer);
            result.tryFail("stealth: closed before identification");
        });
        return result.future();
    }

    static boolean startsWithSsh(Buffer seen) {
        for (int i = 0; i < SSH_PREFIX.length; i++) {
            if (seen.getByte(i) != SSH_PREFIX[i]) {
                return false;
            }
        }
        return true;
    }
}
