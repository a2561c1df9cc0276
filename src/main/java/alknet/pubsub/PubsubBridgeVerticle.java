package alknet.pubsub;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

/**
 * Bridges peers' topic subscriptions to event-bus publishes at {@code alknet.topic.NAME}
 * (30-call-protocol.md, pub/sub). A skeleton until the call-protocol issue; deployed so the layer is in place.
 */
public final class PubsubBridgeVerticle extends VerticleBase {
    @Override
    public Future<?> start() {
        return Future.succeededFuture();
    }
}
