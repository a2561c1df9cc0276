package alknet.api;

/** One pub/sub event (30-call-protocol.md section 5): the topic ({@code ""} = broadcast), its type and payload. */
public record TopicEvent(String topic, String type, Object payload) {
}
