package bench.calls;

import alknet.api.Alknet;
import alknet.api.AlknetSession;
import alknet.api.AlknetVertx;
import alknet.api.ConnectOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * alknet's call protocol as an application embeds it: one client session ({@code Alknet.connect}), every call on its
 * one {@code alknet-control} channel, {@code session.call(operation, {})}.
 */
final class AlknetCaller implements Caller {
    private static final JsonObject EMPTY = new JsonObject();
    private final Vertx vertx;
    private final AlknetSession session;
    private final String operation;

    private AlknetCaller(Vertx vertx, AlknetSession session, String operation) {
        this.vertx = vertx;
        this.session = session;
        this.operation = operation;
    }

    static AlknetCaller connect(String host, int port, Path identity, String user, String cipher, String operation)
            throws Exception {
        Vertx vertx = AlknetVertx.create();
        ConnectOptions options = new ConnectOptions().server(host, port).identity(identity).user(user).noSocks5()
                .acceptAnyHostKey(true);
        if (cipher != null) {
            options.ciphers(List.of(cipher));
        }
        AlknetSession session = Alknet.connect(vertx, options).toCompletionStage().toCompletableFuture()
                .get(60, TimeUnit.SECONDS);
        session.firstSession().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        AlknetCaller caller = new AlknetCaller(vertx, session, operation);
        caller.callOnce(); // opens the control channel, and fails here if the operation cannot be called
        return caller;
    }

    private void callOnce() throws Exception {
        session.call(operation, EMPTY).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Override
    public void call(Completion done) {
        session.call(operation, EMPTY).onComplete(result -> done.ended(result.cause()));
    }

    @Override
    public void close() throws Exception {
        session.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
