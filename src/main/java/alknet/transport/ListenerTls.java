package alknet.transport;

import io.vertx.core.Future;
import io.vertx.core.net.ServerSSLOptions;

import java.util.function.BiFunction;

/** A listener's current TLS files (null: no TLS) and their live reload into the running Vert.x server. */
final class ListenerTls {
    private volatile TlsFiles files;

    ListenerTls(TlsFiles files) {
        this.files = files;
    }

    TlsFiles files() {
        return files;
    }

    /**
     * Hands {@code next} to the server's {@code updateSSLOptions} (forced: renewals usually keep the paths) and
     * remembers it once loaded; a failure keeps the old certificate.
     */
    Future<Void> reload(TlsFiles next, BiFunction<ServerSSLOptions, Boolean, Future<Boolean>> updateSslOptions,
                        String listener) {
        if (files == null) {
            return Future.failedFuture(new IllegalStateException("listener " + listener + " does not use TLS"));
        }
        return updateSslOptions.apply(next.serverOptions(), true).<Void>mapEmpty().onSuccess(v -> files = next);
    }
}
