package alknet.client;

import alknet.api.ForwardSpec;
import alknet.ssh.channel.ChannelOpenRequest;
import alknet.ssh.channel.ChannelOpener;
import alknet.ssh.channel.ChannelRefusal;
import alknet.ssh.channel.ChannelStream;
import alknet.ssh.channel.IncomingChannel;
import alknet.stream.Splice;
import alknet.stream.TransportKind;
import alknet.transport.NetSocketConnection;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import org.apache.sshd.common.channel.Channel;
import org.apache.sshd.common.channel.ChannelFactory;
import org.apache.sshd.common.session.Session;

import java.util.function.Consumer;

/**
 * The client's side of {@code -R} (RFC 4254 section 7.2): a {@code forwarded-tcpip} channel from the server names the
 * port it listens on; only a port the server granted to one of our forwards is served, by connecting to that
 * forward's local target and splicing. Anything else is refused as prohibited.
 */
final class ForwardedTcpipOpener implements ChannelOpener {
    private static final int CONNECT_TIMEOUT_MS = 10_000;

    private final RemoteForwards forwards;
    private final NetClient client;

    ForwardedTcpipOpener(Vertx vertx, RemoteForwards forwards) {
        this.forwards = forwards;
        this.client = vertx.createNetClient(new NetClientOptions().setTcpNoDelay(true).setConnectTimeout(CONNECT_TIMEOUT_MS));
    }

    ChannelFactory channelFactory() {
        return new ChannelFactory() {
            @Override
            public String getName() {
                return "forwarded-tcpip";
            }

            @Override
            public Channel createChannel(Session session) {
                return new IncomingChannel(ForwardedTcpipOpener.this);
            }
        };
    }

    @Override
    public Future<Consumer<ChannelStream>> open(ChannelOpenRequest request) {
        long port;
        try {
            request.payload().getString(); // the address the server listens on: the port identifies the forward
            port = request.payload().getUInt();
        } catch (RuntimeException e) {
            return Future.failedFuture(ChannelRefusal.connectFailed("malformed forwarded-tcpip request"));
        }
        ForwardSpec spec = port > 65535 ? null : forwards.forPort((int) port).orElse(null);
        if (spec == null) {
            return Future.failedFuture(ChannelRefusal.prohibited("no such forward"));
        }
        return client.connect(spec.targetPort(), spec.targetHost())
                .recover(e -> Future.failedFuture(ChannelRefusal.connectFailed("connection refused")))
                .map(socket -> {
                    NetSocketConnection local = NetSocketConnection.trackingHalfClose(socket, TransportKind.TCP);
                    return stream -> Splice.between(stream, local);
                });
    }

    Future<Void> close() {
        return client.close();
    }
}
