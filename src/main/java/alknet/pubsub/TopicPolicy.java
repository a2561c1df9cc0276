package alknet.pubsub;

import alknet.api.Identity;

/**
 * Who may publish to and subscribe to which topic (30-call-protocol.md section 5), checked separately for each
 * direction. The empty topic is the broadcast to all subscribers of a type. Ready instances below;
 * {@link #BY_SCOPE} is the spec's rule.
 */
public interface TopicPolicy {
    boolean canSubscribe(Identity identity, String topic);

    boolean canPublish(Identity identity, String topic);

    /** Scope {@code pubsub:subscribe} / {@code pubsub:publish}, topics limited by {@code resources.topic}. */
    TopicPolicy BY_SCOPE = new ScopedTopicPolicy();

    TopicPolicy ALLOW_ALL = new TopicPolicy() {
        @Override
        public boolean canSubscribe(Identity identity, String topic) {
            return true;
        }

        @Override
        public boolean canPublish(Identity identity, String topic) {
            return true;
        }
    };

    TopicPolicy DENY_ALL = new TopicPolicy() {
        @Override
        public boolean canSubscribe(Identity identity, String topic) {
            return false;
        }

        @Override
        public boolean canPublish(Identity identity, String topic) {
            return false;
        }
    };
}
