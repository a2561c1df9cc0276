package alknet.transport;

import alknet.api.TlsFiles;
import io.vertx.core.Deployable;
import io.vertx.core.Future;

import java.time.Duration;

/** A transport listener verticle (TCP, TLS, WebSocket): what the server node needs from each of them. */
public interface ListenerVerticle extends Deployable {
    int actualPort();

    /** The readiness check this listener answers on the event bus, e.g. {@code listener-tls-443}. */
    String readinessCheck();

    /** Human-readable transport name for the startup log line. */
    String transportName();

    /**
     * Stops accepting new connections (the port is released); existing ones stay open for up to {@code grace}, left
     * to the SSH interface's drain, and are closed after that.
     */
    Future<Void> stopAccepting(Duration grace);

    /** This listener's TLS files, or null when it does not speak TLS. */
    TlsFiles tls();

    /**
     * Re-reads the TLS certificate and key from {@code files} (10-tunnel.md section 1: TLS files reload live): new
     * handshakes present the new certificate, established connections keep theirs. Fails (and keeps the old
     * certificate) when the files cannot be read; a listener without TLS fails too.
     */
    Future<Void> reloadTls(TlsFiles files);
}
