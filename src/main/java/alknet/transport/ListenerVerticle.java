package alknet.transport;

import io.vertx.core.Deployable;
import io.vertx.core.Future;

/** A transport listener verticle (TCP, TLS, WebSocket): what the server node needs from each of them. */
public interface ListenerVerticle extends Deployable {
    int actualPort();

    /** The readiness check this listener answers on the event bus, e.g. {@code listener-tls-443}. */
    String readinessCheck();

    /** Human-readable transport name for the startup log line. */
    String transportName();

    /** Stops accepting new connections; existing ones are left to the SSH interface's drain. */
    Future<Void> stopAccepting();
}
