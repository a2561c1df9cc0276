package alknet.ssh.io;

import org.apache.sshd.common.Closeable;
import org.apache.sshd.common.channel.Channel;
import org.apache.sshd.common.channel.ChannelFactory;
import org.apache.sshd.common.io.IoConnector;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.util.closeable.AbstractCloseable;
import org.apache.sshd.common.util.closeable.SequentialCloseable;
import org.apache.sshd.common.util.threads.ThreadUtils;
import org.apache.sshd.common.forward.ChannelToPortHandler;
import org.apache.sshd.server.forward.TcpForwardingFilter;
import org.apache.sshd.server.forward.TcpipServerChannel;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;

/**
 * MINA's server {@code direct-tcpip} channel without the thread it starts for every channel close.
 * <p>
 * {@link TcpipServerChannel} closes its target connector on a fresh cached thread pool created per close
 * ({@code TcpIpServerChannel-ConnectorCleanup}): one or two new threads per tunnel, the largest single server cost
 * per connection in the steady state. MINA does that because its NIO2 connector's close may block; our
 * {@link VertxIoConnector} closes without blocking (it only asks Vert.x to close its socket), so the connector is
 * closed inline on the session's event loop instead. Everything else (forwarding filter, target dial, data,
 * EOF, window) is MINA's unchanged. If MINA's internals ever differ from what this expects, the channel falls back
 * to MINA's own close sequence.
 */
public class InlineCloseTcpipServerChannel extends TcpipServerChannel {
    /** Replaces {@code DirectTcpipFactory.INSTANCE} in the server's channel factories. */
    public static final ChannelFactory FACTORY = new TcpipFactory(TcpForwardingFilter.Type.Direct) {
        @Override
        public Channel createChannel(Session session) {
            return new InlineCloseTcpipServerChannel();
        }
    };

    private static final VarHandle CONNECTOR;
    private static final VarHandle PORT;
    private static final VarHandle SEQUENCE;

    static {
        VarHandle connector = null;
        VarHandle port = null;
        VarHandle sequence = null;
        try {
            MethodHandles.Lookup channel = MethodHandles.privateLookupIn(TcpipServerChannel.class, MethodHandles.lookup());
            connector = channel.findVarHandle(TcpipServerChannel.class, "connector", IoConnector.class);
            port = channel.findVarHandle(TcpipServerChannel.class, "port", ChannelToPortHandler.class);
            sequence = MethodHandles.privateLookupIn(SequentialCloseable.class, MethodHandles.lookup())
                    .findVarHandle(SequentialCloseable.class, "closeables", Iterable.class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            connector = null;
        }
        CONNECTOR = connector;
        PORT = port;
        SEQUENCE = sequence;
    }

    protected InlineCloseTcpipServerChannel() {
        super(TcpForwardingFilter.Type.Direct, ThreadUtils.noClose(null));
    }

    /** True when the inline connector close is in use (MINA's internals are as expected). */
    static boolean inlineCloseAvailable() {
        return CONNECTOR != null;
    }

    /**
     * MINA's sequence (output stream, channel close handshake, connector) with the connector step replaced by an
     * inline close. The inherited step only allocates its thread pool; no thread starts unless a task is submitted.
     */
    @Override
    protected Closeable getInnerCloseable() {
        Closeable inherited = super.getInnerCloseable();
        if (CONNECTOR == null || !(inherited instanceof SequentialCloseable)) {
            return inherited;
        }
        Object parts = SEQUENCE.get((SequentialCloseable) inherited);
        if (!(parts instanceof Iterable<?> iterable)) {
            return inherited;
        }
        List<Closeable> steps = new ArrayList<>(3);
        boolean replaced = false;
        for (Object part : iterable) {
            if (part.getClass().getEnclosingClass() == TcpipServerChannel.class && part instanceof AbstractCloseable) {
                steps.add(new ConnectorClose());
                replaced = true;
            } else {
                steps.add((Closeable) part);
            }
        }
        if (!replaced) {
            return inherited;
        }
        org.apache.sshd.common.util.closeable.Builder sequence = builder();
        steps.forEach(sequence::close);
        return sequence.build();
    }

    /** MINA builds this string several times per channel; its default also formats the session and its peer address. */
    @Override
    public String toString() {
        return "InlineCloseTcpipServerChannel[id=" + getChannelId() + ", recipient=" + getRecipient() + "]";
    }

    /** Closes the target connector (and with it the target socket) without a thread hop. */
    private final class ConnectorClose extends AbstractCloseable {
        @Override
        protected org.apache.sshd.common.future.CloseFuture doCloseGracefully() {
            IoConnector connector = (IoConnector) CONNECTOR.get(InlineCloseTcpipServerChannel.this);
            if (connector != null) {
                connector.close(false);
            }
            return null;
        }

        @Override
        protected void doCloseImmediately() {
            IoConnector connector = (IoConnector) CONNECTOR.get(InlineCloseTcpipServerChannel.this);
            if (connector != null) {
                connector.close(true);
            }
            PORT.setVolatile(InlineCloseTcpipServerChannel.this, (ChannelToPortHandler) null);
            super.doCloseImmediately();
        }
    }
}
