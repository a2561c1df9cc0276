package alknet.client.socks;

import alknet.client.TunnelOpenException;
import alknet.client.TunnelOpener;
import alknet.stream.DuplexConnection;
import alknet.stream.TransportKind;
import alknet.transport.NetSocketConnection;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Test opener that dials the target itself instead of through SSH, and records which hosts it was asked for. */
final class DirectTunnelOpener implements TunnelOpener {
    private final NetClient client;
    private final List<String> requestedHosts = new CopyOnWriteArrayList<>();

    DirectTunnelOpener(Vertx vertx) {
        this.client = vertx.createNetClient(new NetClientOptions().setTcpNoDelay(true).setConnectTimeout(5_000));
    }

    /** The host strings exactly as the SOCKS5 server passed them, in order. */
    List<String> requestedHosts() {
        return requestedHosts;
    }

    @Override
    public Future<DuplexConnection> open(String host, int port) {
        requestedHosts.add(host);
        return client.connect(port, host)
                .<DuplexConnection>map(socket -> NetSocketConnection.trackingHalfClose(socket, TransportKind.TCP))
                .recover(e -> Future.failedFuture(toOpenException(e)));
    }

    private static TunnelOpenException toOpenException(Throwable e) {
        if (e instanceof ConnectException) {
            return new TunnelOpenException(TunnelOpenException.Reason.CONNECTION_REFUSED, e.getMessage());
        }
        if (e instanceof UnknownHostException) {
            return new TunnelOpenException(TunnelOpenException.Reason.HOST_UNREACHABLE, e.getMessage());
        }
        return new TunnelOpenException(TunnelOpenException.Reason.GENERAL_FAILURE, String.valueOf(e.getMessage()));
    }
}
