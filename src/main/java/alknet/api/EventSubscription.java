package alknet.api;

import io.vertx.core.Future;

/** Events of one topic reaching a handler until {@link #cancel()}. */
@FunctionalInterface
public interface EventSubscription {
    Future<Void> cancel();
}
