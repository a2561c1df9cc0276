package alknet.ssh;

import io.netty.util.NetUtil;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.net.InetAddress;
import java.util.List;

/**
 * Resolves a {@code direct-tcpip} target once, off the event loop (20-auth-config.md section 4, DNS decision):
 * the policy checks every address and the channel connects to a checked one, never re-resolving. IP literals need
 * no lookup. Uses the JVM resolver, so {@code /etc/hosts} and the system's DNS settings apply.
 */
final class TargetResolver {
    private final Vertx vertx;

    TargetResolver(Vertx vertx) {
        this.vertx = vertx;
    }

    Future<List<InetAddress>> resolve(String host) {
        String literal = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        byte[] ip = NetUtil.createByteArrayFromIpAddressString(literal);
        if (ip != null) {
            try {
                return Future.succeededFuture(List.of(InetAddress.getByAddress(ip)));
            } catch (java.net.UnknownHostException e) {
                return Future.failedFuture(e);
            }
        }
        return vertx.executeBlocking(() -> List.of(InetAddress.getAllByName(host)), false);
    }
}
