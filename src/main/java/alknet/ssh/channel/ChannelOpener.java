package alknet.ssh.channel;

import io.vertx.core.Future;

import java.util.function.Consumer;

/**
 * Decides an incoming channel open and prepares what serves it (a target socket, an in-process service). It
 * completes with the consumer of the channel's stream, which runs right after the open confirmation went out, or
 * fails with a {@link ChannelRefusal} (anything else is refused as "connect failed").
 */
@FunctionalInterface
public interface ChannelOpener {
    Future<Consumer<ChannelStream>> open(ChannelOpenRequest request);
}
