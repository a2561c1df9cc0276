package alknet.cli;

import alknet.api.Alknet;
import alknet.api.AlknetSession;
import alknet.api.AlknetVertx;
import alknet.api.CallFailure;
import alknet.api.ConnectOptions;
import alknet.client.AuthenticationRefusedException;
import alknet.client.HostKeyMismatchException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.Json;

import java.io.PrintStream;
import java.util.function.BiFunction;

/**
 * One SSH session for a command that does one thing and exits ({@code call}, {@code events}, {@code publish}):
 * connects without SOCKS5 or forwards, runs the action, prints JSON results one per line on stdout and a
 * {@code CODE: message} line on stderr for a call error (30-call-protocol.md section 6). SIGINT/SIGTERM end it with 0.
 */
final class OneShotSession {
    private OneShotSession() {}

    /**
     * Runs {@code action(session, out)}, whose future completes when the command is done; returns the exit code:
     * 0 done, 1 a call error or failure, 3 authentication refused or host key mismatch.
     */
    static int run(ConnectOptions options, PrintStream out, PrintStream err,
                   BiFunction<AlknetSession, PrintStream, Future<Void>> action) throws Exception {
        Vertx vertx = AlknetVertx.create();
        ProcessLifecycle lifecycle = new ProcessLifecycle(vertx);
        AlknetSession session = lifecycle.startOrClose(Alknet.connect(vertx, options));
        lifecycle.onStop(session::close);
        session.firstSession().compose(v -> action.apply(session, out)).onComplete(ar -> {
            if (ar.succeeded()) {
                lifecycle.stop(ExitCodes.OK);
            } else {
                lifecycle.stop(report(ar.cause(), err));
            }
        });
        session.fatal().onFailure(e -> lifecycle.stop(report(e, err)));
        return lifecycle.await(5);
    }

    /** One result as one line of JSON. */
    static void print(PrintStream out, Object value) {
        out.println(Json.encode(value));
        out.flush();
    }

    private static int report(Throwable e, PrintStream err) {
        if (e instanceof CallFailure failure) {
            err.println(failure.code() + ": " + failure.getMessage());
            return ExitCodes.FAILURE;
        }
        err.println("alknet: " + e.getMessage());
        boolean refused = e instanceof HostKeyMismatchException || e instanceof AuthenticationRefusedException;
        return refused ? ExitCodes.AUTH_REFUSED : ExitCodes.FAILURE;
    }
}
