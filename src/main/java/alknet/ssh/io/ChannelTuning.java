package alknet.ssh.io;

import org.apache.sshd.common.Property;
import org.apache.sshd.common.helpers.AbstractFactoryManager;
import org.apache.sshd.core.CoreModuleProperties;

import java.util.List;

/**
 * Channel properties MINA reads for every channel open and close, set explicitly on the client and the server.
 * <p>
 * MINA resolves a property from the channel up through the session to the factory manager and, when nobody set
 * it, to the system properties, building the {@code org.apache.sshd.*} key string on every lookup; about ten such
 * lookups per channel. Setting the (default) values on the manager ends each lookup there. The values are MINA's
 * defaults (or an {@code org.apache.sshd.*} system property, read once here); one already set is kept.
 */
public final class ChannelTuning {
    private static final List<Property<?>> PER_CHANNEL = List.of(
            CoreModuleProperties.WINDOW_SIZE,
            CoreModuleProperties.MAX_PACKET_SIZE,
            CoreModuleProperties.LIMIT_PACKET_SIZE,
            CoreModuleProperties.MAX_CONCURRENT_CHANNELS,
            CoreModuleProperties.CHANNEL_CLOSE_TIMEOUT,
            CoreModuleProperties.WINDOW_TIMEOUT);

    private ChannelTuning() {}

    public static void apply(AbstractFactoryManager manager) {
        for (Property<?> property : PER_CHANNEL) {
            setDefault(manager, property);
        }
    }

    private static <T> void setDefault(AbstractFactoryManager manager, Property<T> property) {
        if (!manager.getProperties().containsKey(property.getName())) {
            // get() still sees an org.apache.sshd.* system property once, so such an override keeps working.
            property.get(manager).or(property::getDefault).ifPresent(value -> property.set(manager, value));
        }
    }
}
