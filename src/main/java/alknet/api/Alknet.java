package alknet.api;

import alknet.api.impl.ServerNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/** The two entry points of the embedding API (00-overview.md); the CLI is built on them. */
public final class Alknet {
    private Alknet() {}

    public static Future<AlknetServer> serve(Vertx vertx, ServeOptions options) {
        return ServerNode.start(vertx, options);
    }

    public static Future<AlknetSession> connect(Vertx vertx, ConnectOptions options) {
        return alknet.api.impl.ClientNode.start(vertx, options);
    }
}
