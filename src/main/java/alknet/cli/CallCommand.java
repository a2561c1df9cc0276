package alknet.cli;

import alknet.api.AlknetSession;
import alknet.api.CallOptions;
import alknet.api.OperationType;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.Callable;

/** {@code alknet call} (30-call-protocol.md section 6): one operation over a fresh session, results as JSON lines. */
@Command(name = "call", mixinStandardHelpOptions = true, versionProvider = Version.class, sortOptions = false,
        description = {"Call an operation of the server (/service/op) or, through a head, of a worker (/node/service/op).",
                "Prints the result as one JSON document per line; a subscription prints each event until it",
                "completes (or Ctrl-C). A call error exits 1 with CODE: message on stderr."})
public final class CallCommand implements Callable<Integer> {
    @Mixin
    ServerConnectionOptions connection = new ServerConnectionOptions();

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "30s",
            description = "Give up after this long (default: ${DEFAULT-VALUE}); a subscription has no timeout unless given.")
    String timeout;

    @Parameters(index = "0", paramLabel = "OPERATION", description = "The operation id, e.g. /node/ping.")
    String operation;

    @Parameters(index = "1", paramLabel = "JSON", arity = "0..1", defaultValue = "{}",
            description = "The input as JSON (default: {}).")
    String input;

    @Override
    public Integer call() throws Exception {
        Object parsed = parse(input);
        Duration limit = alknet.config.DurationText.parse(timeout, "--timeout");
        return OneShotSession.run(connection.toConnectOptions(), System.out, System.err,
                (session, out) -> run(session, out, parsed, limit));
    }

    private Future<Void> run(AlknetSession session, PrintStream out, Object parsed, Duration limit) {
        return session.call("/services/schema", new JsonObject().put("name", operation))
                .map(spec -> spec instanceof JsonObject json && OperationType.SUBSCRIPTION.wireName().equals(json.getString("type")))
                .otherwise(false) // unknown here (e.g. a worker behind a head): call it, the error then says why
                .compose(subscription -> subscription ? stream(session, out, parsed) : once(session, out, parsed, limit));
    }

    private Future<Void> once(AlknetSession session, PrintStream out, Object parsed, Duration limit) {
        return session.call(operation, parsed, CallOptions.DEFAULT.timeout(limit))
                .onSuccess(result -> OneShotSession.print(out, result)).mapEmpty();
    }

    private Future<Void> stream(AlknetSession session, PrintStream out, Object parsed) {
        return session.subscribe(operation, parsed).compose(events -> {
            Promise<Void> done = Promise.promise();
            events.handler(event -> OneShotSession.print(out, event));
            events.done().onComplete(done);
            return done.future();
        });
    }

    /** The JSON argument; not JSON is a usage error that says so. */
    static Object parse(String text) {
        try {
            return Json.decodeValue(text);
        } catch (DecodeException e) {
            throw new IllegalArgumentException("'" + text + "' is not JSON; quote it for the shell, e.g. '{\"name\": \"x\"}'");
        }
    }
}
