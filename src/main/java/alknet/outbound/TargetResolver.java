package alknet.outbound;

import alknet.policy.TargetHost;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.net.InetAddress;
import java.util.List;

/**
 * Resolves a target name once, off the event loop (20-auth-config.md section 4, DNS decision): the policy checks
 * every address and the channel connects to a checked one, never resolving again. Only names are resolved; an
 * address needs no lookup and a reserved name is never looked up. Uses the JVM resolver, so {@code /etc/hosts} and
 * the system's DNS settings apply.
 */
final class TargetResolver {
    private final Vertx vertx;

    TargetResolver(Vertx vertx) {
        this.vertx = vertx;
    }

    Future<List<InetAddress>> resolve(TargetHost.Name name) {
        return vertx.executeBlocking(() -> List.of(InetAddress.getAllByName(name.name())), false);
    }
}
