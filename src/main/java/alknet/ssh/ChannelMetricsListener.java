package alknet.ssh;

import alknet.metrics.AlknetMetrics;
import org.apache.sshd.common.channel.Channel;
import org.apache.sshd.common.channel.ChannelListener;
import alknet.ssh.channel.OutgoingChannel;

/** Feeds {@code alknet_channels_active{kind}} and {@code alknet_channel_opens_total{result}}. */
final class ChannelMetricsListener implements ChannelListener {
    private final AlknetMetrics metrics;
    private final java.util.Set<Channel> open = java.util.concurrent.ConcurrentHashMap.newKeySet();

    ChannelMetricsListener(AlknetMetrics metrics) {
        this.metrics = metrics;
    }

    private static String kind(Channel channel) {
        return channel instanceof OutgoingChannel ? "forwarded-tcpip" : "direct-tcpip";
    }

    /** Channels open now. */
    int open() {
        return open.size();
    }

    @Override
    public void channelOpenSuccess(Channel channel) {
        open.add(channel);
        metrics.channelOpened(kind(channel), true);
    }

    @Override
    public void channelOpenFailure(Channel channel, Throwable reason) {
        metrics.channelOpened(kind(channel), false);
    }

    @Override
    public void channelClosed(Channel channel, Throwable reason) {
        if (open.remove(channel)) {
            metrics.channelClosed(kind(channel));
        }
    }
}
