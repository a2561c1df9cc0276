package alknet.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

/** {@code alknet publish} (30-call-protocol.md section 6): publishes one event through the server. */
@Command(name = "publish", mixinStandardHelpOptions = true, versionProvider = Version.class, sortOptions = false,
        description = {"Publish one event on a topic through the server (scope pubsub:publish); every subscriber,",
                "local, connected or on another head, receives it. A refusal exits 1 with CODE: message."})
public final class PublishCommand implements Callable<Integer> {
    @Mixin
    ServerConnectionOptions connection = new ServerConnectionOptions();

    @Parameters(index = "0", paramLabel = "TOPIC", description = "The topic (\"\" = broadcast).")
    String topic;

    @Parameters(index = "1", paramLabel = "TYPE", description = "The event type (not call.* or __*).")
    String type;

    @Parameters(index = "2", paramLabel = "JSON", description = "The payload as JSON.")
    String payload;

    @Override
    public Integer call() throws Exception {
        Object parsed = CallCommand.parse(payload);
        if (type.startsWith("call.") || type.startsWith("__")) {
            throw new IllegalArgumentException("event type '" + type + "' must not start with call. or __");
        }
        return OneShotSession.run(connection.toConnectOptions(), System.out, System.err,
                (session, out) -> session.publish(topic, type, parsed));
    }
}
