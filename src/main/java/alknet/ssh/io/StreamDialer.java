package alknet.ssh.io;

import alknet.transport.DuplexConnection;
import io.vertx.core.Future;
import org.apache.sshd.common.AttributeRepository.AttributeKey;

import java.net.InetSocketAddress;

/**
 * Produces the stream an SSH client session runs over (TCP today; TLS, WebSocket or a relay later).
 * Put one in the connect context under {@link #KEY}; without it the connector dials plain TCP.
 */
@FunctionalInterface
public interface StreamDialer {
    AttributeKey<StreamDialer> KEY = new AttributeKey<>();

    Future<DuplexConnection> dial(InetSocketAddress target);
}
