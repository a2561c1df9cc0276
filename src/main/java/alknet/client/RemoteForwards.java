package alknet.client;

import io.vertx.core.Vertx;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.util.net.SshdSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * The client's {@code -R} forwards: requested after every (re)connect. MINA's request blocks until the server
 * answers, so it runs on a worker thread. Logs name the forward by its position only, never its target.
 */
public final class RemoteForwards {
    private static final Logger STATUS = LoggerFactory.getLogger("alknet.status");

    private final List<ForwardSpec> specs;
    private final AtomicIntegerArray boundPorts;

    RemoteForwards(List<ForwardSpec> specs) {
        this.specs = List.copyOf(specs);
        this.boundPorts = new AtomicIntegerArray(specs.size());
        sessionLost();
    }

    /** The server-side port of forward {@code i} while granted, else -1. */
    public int boundPort(int i) {
        return boundPorts.get(i);
    }

    void sessionLost() {
        for (int i = 0; i < specs.size(); i++) {
            boundPorts.set(i, -1);
        }
    }

    void requestAll(Vertx vertx, ClientSession session) {
        for (int i = 0; i < specs.size(); i++) {
            int index = i;
            ForwardSpec spec = specs.get(i);
            vertx.executeBlocking(() -> session.startRemotePortForwarding(
                    new SshdSocketAddress(spec.bindHost(), spec.bindPort()),
                    new SshdSocketAddress(spec.targetHost(), spec.targetPort())), false)
                    .onSuccess(bound -> {
                        boundPorts.set(index, bound.getPort());
                        STATUS.info("remote forward #{} active on server port {}", index + 1, bound.getPort());
                    })
                    .onFailure(e -> STATUS.warn("remote forward #{} refused by the server (check its listen rules)", index + 1));
        }
    }
}
