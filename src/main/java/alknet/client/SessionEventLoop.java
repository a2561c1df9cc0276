package alknet.client;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.function.Supplier;

/**
 * Binds the client's local listeners (SOCKS5, {@code -L}) from the SSH session's context, so Vert.x serves their
 * accepted sockets on the session's event loop: every byte then goes from the local socket into the SSH connection
 * on one thread, without a cross-thread hand-off and wake-up per write and per write completion (decision 35).
 */
public final class SessionEventLoop {
    private SessionEventLoop() {}

    /** Runs {@code listen} on {@code home} (when not null, else here) and completes with its result. */
    public static <T> Future<T> listenOn(Context home, Supplier<Future<T>> listen) {
        if (home == null) {
            return listen.get();
        }
        Promise<T> bound = Promise.promise();
        home.runOnContext(v -> listen.get().onComplete(bound));
        return bound.future();
    }
}
