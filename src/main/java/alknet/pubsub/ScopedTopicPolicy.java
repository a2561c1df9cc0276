package alknet.pubsub;

import alknet.api.Identity;

import java.util.List;

/**
 * The spec's rule (30-call-protocol.md section 5): subscribing needs scope {@code pubsub:subscribe}, publishing
 * {@code pubsub:publish}. An identity without {@code resources.topic} may use any topic; with it, only the
 * listed ones, and the broadcast topic {@code ""} only with {@code *}.
 */
final class ScopedTopicPolicy implements TopicPolicy {
    static final String SUBSCRIBE_SCOPE = "pubsub:subscribe";
    static final String PUBLISH_SCOPE = "pubsub:publish";
    static final String TOPIC_RESOURCE = "topic";

    @Override
    public boolean canSubscribe(Identity identity, String topic) {
        return identity != null && identity.hasScope(SUBSCRIBE_SCOPE) && topicAllowed(identity, topic);
    }

    @Override
    public boolean canPublish(Identity identity, String topic) {
        return identity != null && identity.hasScope(PUBLISH_SCOPE) && topicAllowed(identity, topic);
    }

    private static boolean topicAllowed(Identity identity, String topic) {
        List<String> topics = identity.resources().get(TOPIC_RESOURCE);
        if (topics == null) {
            return true;
        }
        return topics.contains("*") || (!topic.isEmpty() && topics.contains(topic));
    }
}
