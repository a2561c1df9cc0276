package alknet.architecture;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.vertx.core.Handler;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.internal.net.NetSocketInternal;
import org.apache.sshd.common.channel.ChannelAsyncOutputStream;
import org.apache.sshd.common.session.helpers.AbstractConnectionService;
import org.apache.sshd.common.util.threads.ThreadUtils;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Canaries for the few internal or less-public APIs of other libraries that alknet relies on (decision 44): when an
 * upgrade removes or changes one, this test names it, instead of a tunnel failing at run time.
 */
class InternalApiCanaryTest {
    @Test
    void vertxNetSocketInternalStillOffersRawReadsAndTheNettyChannel() throws Exception {
        // transport.OrderedInbound (raw reads, auto-read back-pressure) and transport.SocketHalfClose (FIN events).
        assertThat(NetSocketInternal.class.getMethod("messageHandler", Handler.class)).isNotNull();
        assertThat(NetSocketInternal.class.getMethod("eventHandler", Handler.class)).isNotNull();
        Method context = NetSocketInternal.class.getMethod("channelHandlerContext");
        assertThat(context.getReturnType()).isEqualTo(ChannelHandlerContext.class);
        assertThat(ChannelInputShutdownEvent.INSTANCE).isNotNull();
    }

    @Test
    void vertxBufferInternalStillWrapsNettyBuffers() throws Exception {
        // ssh.io.VertxIoSession and ssh.channel.ChannelStream pass bytes without copies through these.
        assertThat(BufferInternal.class.getMethod("getByteBuf")).isNotNull();
        assertThat(BufferInternal.class.getMethod("buffer", io.netty.buffer.ByteBuf.class)).isNotNull();
    }

    @Test
    void minaStillLetsAThreadRunAsInternalAndCountsAConnectionsChannels() throws Exception {
        // ssh.io.MinaInternal (decision 36) and the per-session channel cap in outbound.DirectTcpipOpener.
        assertThat(ThreadUtils.class.getMethod("runAsInternal", java.util.concurrent.Callable.class)).isNotNull();
        assertThat(AbstractConnectionService.class.getMethod("getChannels")).isNotNull();
        assertThat(ChannelAsyncOutputStream.class.getMethod("onWindowExpanded")).isNotNull();
    }
}
