package alknet.client;

import org.apache.sshd.client.channel.ChannelDirectTcpip;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.io.IoWriteFuture;
import org.apache.sshd.common.session.ConnectionService;
import org.apache.sshd.common.util.net.SshdSocketAddress;

import java.io.IOException;

/** MINA's client {@code direct-tcpip} channel with half-close (EOF while still reading), which MINA keeps protected. */
final class DirectTcpipChannel extends ChannelDirectTcpip {
    private DirectTcpipChannel(SshdSocketAddress local, SshdSocketAddress remote) {
        super(local, remote);
    }

    /** Creates and registers the channel on the session, as {@code ClientSession.createDirectTcpipChannel} does. */
    static DirectTcpipChannel create(ClientSession session, SshdSocketAddress local, SshdSocketAddress remote) throws IOException {
        DirectTcpipChannel channel = new DirectTcpipChannel(local, remote);
        session.getService(ConnectionService.class).registerChannel(channel);
        return channel;
    }

    IoWriteFuture halfClose() throws IOException {
        return sendEof();
    }

    /**
     * MINA builds this string several times per channel (close sequence names, output stream id); its default appends
     * the session's, which formats the peer address each time. Ids identify the channel well enough.
     */
    @Override
    public String toString() {
        return "DirectTcpipChannel[id=" + getChannelId() + ", recipient=" + getRecipient() + "]";
    }
}
