package alknet.ssh.channel;

import alknet.ssh.io.MinaInternal;
import alknet.ssh.io.VertxIoSession;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.apache.sshd.client.channel.AbstractClientChannel;
import org.apache.sshd.client.future.DefaultOpenFuture;
import org.apache.sshd.client.future.OpenFuture;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.SshException;
import org.apache.sshd.common.channel.ChannelAsyncOutputStream;
import org.apache.sshd.common.channel.LocalWindow;
import org.apache.sshd.common.channel.exception.SshChannelOpenException;
import org.apache.sshd.common.io.IoSession;
import org.apache.sshd.common.session.ConnectionService;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.util.buffer.Buffer;

import java.io.IOException;

/**
 * A channel alknet opens toward the peer: {@code direct-tcpip} from the client (SOCKS5, {@code -L}, the control
 * channel), {@code forwarded-tcpip} from the server ({@code -R}). The open carries host, port, originator host and
 * port (RFC 4254 sections 7.1-7.2); once confirmed the channel is a {@link ChannelStream}. A refusal fails the
 * future with a {@link ChannelRefusal} carrying the peer's reason code.
 */
public final class OutgoingChannel extends AbstractClientChannel {
    /** RFC 4254 section 7.2. */
    public static final String DIRECT_TCPIP = "direct-tcpip";
    /** RFC 4254 section 7.1. */
    public static final String FORWARDED_TCPIP = "forwarded-tcpip";

    private final Endpoint target;
    private final Endpoint originator;
    private final Context context;
    private ChannelStream stream;

    /** A host and port as the open message carries them. */
    public record Endpoint(String host, int port) {}

    private OutgoingChannel(String type, Endpoint target, Endpoint originator, Context context) {
        super(type);
        this.target = target;
        this.originator = originator;
        this.context = context;
    }

    /**
     * Opens a channel of {@code type} on {@code session}; the future completes on {@code context}, which should be the
     * session's event loop (the stream's handlers run there).
     */
    public static Future<ChannelStream> open(Session session, String type, Endpoint target, Endpoint originator,
                                             Context context) {
        Promise<ChannelStream> opened = Promise.promise();
        OutgoingChannel channel = new OutgoingChannel(type, target, originator, context);
        try {
            MinaInternal.run(() -> {
                session.getService(ConnectionService.class).registerChannel(channel);
                channel.open().addListener(f -> onContext(context, () -> {
                    if (f.isOpened()) {
                        opened.complete(channel.stream);
                    } else {
                        channel.close(true);
                        opened.fail(refusal(f.getException()));
                    }
                }));
            });
        } catch (Exception e) {
            channel.close(true);
            opened.tryFail(ChannelRefusal.connectFailed("cannot open a channel: " + e.getMessage()));
        }
        return opened.future();
    }

    private static ChannelRefusal refusal(Throwable error) {
        if (error instanceof SshChannelOpenException open) {
            return switch (open.getReasonCode()) {
                case SshConstants.SSH_OPEN_ADMINISTRATIVELY_PROHIBITED -> ChannelRefusal.prohibited(open.getMessage());
                case SshConstants.SSH_OPEN_RESOURCE_SHORTAGE -> ChannelRefusal.resourceShortage(open.getMessage());
                default -> ChannelRefusal.connectFailed(String.valueOf(open.getMessage()));
            };
        }
        return ChannelRefusal.connectFailed("channel open failed");
    }

    @Override
    public synchronized OpenFuture open() throws IOException {
        if (closeFuture.isClosed()) {
            throw new SshException("session closed");
        }
        openFuture = new DefaultOpenFuture(target, futureLock);
        Session session = getSession();
        LocalWindow window = getLocalWindow();
        String type = getChannelType();
        Buffer buffer = session.createBuffer(SshConstants.SSH_MSG_CHANNEL_OPEN,
                type.length() + target.host().length() + originator.host().length() + Long.SIZE);
        buffer.putString(type);
        buffer.putUInt(getChannelId());
        buffer.putUInt(window.getSize());
        buffer.putUInt(window.getPacketSize());
        buffer.putString(target.host());
        buffer.putUInt(target.port());
        buffer.putString(originator.host());
        buffer.putUInt(originator.port());
        writePacket(buffer);
        return openFuture;
    }

    /** MINA calls this when the peer confirmed the open, before completing the open future. */
    @Override
    protected void doOpen() {
        ChannelAsyncOutputStream out = new ChannelAsyncOutputStream(this, SshConstants.SSH_MSG_CHANNEL_DATA);
        asyncIn = out; // MINA closes it with the channel and tells it when the peer's window grows
        IoSession io = getSession().getIoSession();
        stream = new ChannelStream(this, out, this::sendEof, context, VertxIoSession.transportInfo(getSession()),
                IncomingChannel.inet(io.getLocalAddress()), IncomingChannel.inet(io.getRemoteAddress()));
    }

    /** Unlike MINA's client channels, data that arrives while we close is still delivered (it precedes the close). */
    @Override
    protected void doWriteData(byte[] data, int off, long len) {
        if (stream != null) {
            stream.dataReceived(data, off, (int) len);
        }
    }

    @Override
    protected void doWriteExtendedData(byte[] data, int off, long len) throws IOException {
        throw new IOException("tunnel channels carry no extended data");
    }

    @Override
    public void handleEof() throws IOException {
        super.handleEof();
        if (stream != null) {
            stream.eofReceived();
        }
    }

    /** Queued output may still be flushed while the channel closes gracefully. */
    @Override
    protected boolean mayWrite() {
        return !isClosed();
    }

    private static void onContext(Context context, Runnable action) {
        if (Vertx.currentContext() == context) {
            action.run();
        } else {
            context.runOnContext(v -> action.run());
        }
    }

    @Override
    public String toString() {
        return "OutgoingChannel[" + getChannelType() + ", id=" + getChannelId() + "]";
    }
}
