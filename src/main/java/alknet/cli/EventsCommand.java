package alknet.cli;

import alknet.api.TopicEvent;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;

/** {@code alknet events} (30-call-protocol.md section 6): prints a topic's events, one JSON document per line. */
@Command(name = "events", mixinStandardHelpOptions = true, versionProvider = Version.class, sortOptions = false,
        description = {"Subscribe to a topic through the server (scope pubsub:subscribe) and print each event as one",
                "JSON line {\"topic\",\"type\",\"payload\"} until Ctrl-C, or until --count events arrived."})
public final class EventsCommand implements Callable<Integer> {
    @Mixin
    ServerConnectionOptions connection = new ServerConnectionOptions();

    @Option(names = "--count", paramLabel = "N", defaultValue = "0",
            description = "Exit after N events (default: 0 = run until Ctrl-C).")
    long count;

    @Parameters(index = "0", paramLabel = "TOPIC", description = "The topic (\"\" = broadcast events).")
    String topic;

    @Override
    public Integer call() throws Exception {
        if (count < 0) {
            throw new IllegalArgumentException("--count must be >= 0, got " + count);
        }
        return OneShotSession.run(connection.toConnectOptions(), System.out, System.err, (session, out) -> {
            Promise<Void> enough = Promise.promise();
            AtomicLong seen = new AtomicLong();
            return session.onEvent(topic, (TopicEvent e) -> {
                OneShotSession.print(out, new JsonObject().put("topic", e.topic()).put("type", e.type()).put("payload", e.payload()));
                if (count > 0 && seen.incrementAndGet() >= count) {
                    enough.tryComplete();
                }
            }).onSuccess(sub -> System.err.println("alknet: subscribed to topic " + (topic.isEmpty() ? "\"\"" : topic)))
                    .compose(sub -> enough.future());
        });
    }
}
