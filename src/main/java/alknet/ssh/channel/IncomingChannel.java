package alknet.ssh.channel;

import alknet.ssh.io.VertxIoSession;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import org.apache.sshd.client.future.DefaultOpenFuture;
import org.apache.sshd.client.future.OpenFuture;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.channel.ChannelAsyncOutputStream;
import org.apache.sshd.common.channel.exception.SshChannelOpenException;
import org.apache.sshd.common.io.IoSession;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.server.channel.AbstractServerChannel;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.function.Consumer;

/**
 * A channel the peer opened ({@code direct-tcpip} on the server, {@code forwarded-tcpip} on the client), served by
 * alknet: its {@link ChannelOpener} decides and prepares; once it succeeds the open is confirmed and the channel
 * becomes a {@link ChannelStream} for the opener's consumer. Every refusal carries an RFC 4254 reason code.
 */
public final class IncomingChannel extends AbstractServerChannel {
    private final ChannelOpener opener;
    private ChannelAsyncOutputStream out;
    private ChannelStream stream;

    public IncomingChannel(ChannelOpener opener) {
        super("", java.util.List.of(), null);
        this.opener = opener;
    }

    @Override
    protected OpenFuture doInit(Buffer payload) {
        DefaultOpenFuture opened = new DefaultOpenFuture(this, futureLock);
        Context context = sessionContext();
        try {
            opener.open(new ChannelOpenRequest(payload, getSession(), context)).onComplete(ar -> {
                if (ar.succeeded()) {
                    confirm(opened, context, ar.result());
                } else {
                    refuse(opened, ar.cause());
                }
            });
        } catch (RuntimeException e) {
            refuse(opened, e);
        }
        return opened;
    }

    private void confirm(DefaultOpenFuture opened, Context context, Consumer<ChannelStream> consumer) {
        if (!isOpen()) { // the session closed while the opener worked
            refuse(opened, ChannelRefusal.connectFailed("session closed"));
            return;
        }
        out = new ChannelAsyncOutputStream(this, SshConstants.SSH_MSG_CHANNEL_DATA);
        IoSession io = getSession().getIoSession();
        stream = new ChannelStream(this, out, this::sendEof, context, VertxIoSession.transportInfo(getSession()),
                inet(io.getLocalAddress()), inet(io.getRemoteAddress()));
        signalChannelOpenSuccess(); // MINA writes the confirmation here, before any data of ours
        opened.setOpened();
        consumer.accept(stream);
    }

    private void refuse(DefaultOpenFuture opened, Throwable cause) {
        ChannelRefusal refusal = cause instanceof ChannelRefusal r ? r : ChannelRefusal.connectFailed("connect failed");
        SshChannelOpenException problem = new SshChannelOpenException(getChannelId(), refusal.reasonCode(),
                refusal.getMessage());
        try {
            signalChannelOpenFailure(problem);
            opened.setException(problem);
        } finally {
            close(true);
        }
    }

    private Context sessionContext() {
        IoSession io = getSession().getIoSession();
        if (io instanceof VertxIoSession vertxIo) {
            return vertxIo.context();
        }
        return Vertx.currentContext();
    }

    @Override
    protected void doWriteData(byte[] data, int off, long len) throws IOException {
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

    @Override
    public void handleWindowAdjust(Buffer buffer) throws IOException {
        super.handleWindowAdjust(buffer);
        if (out != null) {
            out.onWindowExpanded();
        }
    }

    /** Queued output may still be flushed while the channel closes gracefully. */
    @Override
    protected boolean mayWrite() {
        return !isClosed();
    }

    @Override
    protected org.apache.sshd.common.Closeable getInnerCloseable() {
        return builder().close(out).close(super.getInnerCloseable()).build();
    }

    static InetSocketAddress inet(SocketAddress address) {
        return address instanceof InetSocketAddress inet ? inet : null;
    }

    /** MINA builds this string often; its default also formats the session and its peer address. */
    @Override
    public String toString() {
        return "IncomingChannel[id=" + getChannelId() + "]";
    }
}
