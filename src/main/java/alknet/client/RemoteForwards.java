package alknet.client;

import alknet.api.ForwardSpec;
import io.vertx.core.Context;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.util.buffer.Buffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * The client's {@code -R} forwards (RFC 4254 section 7.1): requested with {@code tcpip-forward} after every
 * (re)connect, without blocking; the server's {@code forwarded-tcpip} channels are matched to a forward by the port
 * it granted ({@link #forPort}). Status lines name a forward by its position only, never its target.
 */
public final class RemoteForwards {
    private static final Logger STATUS = LoggerFactory.getLogger("alknet.status");
    private static final String REQUEST = "tcpip-forward";

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

    /** The forward the server granted {@code port} to, if any. */
    Optional<ForwardSpec> forPort(int port) {
        for (int i = 0; i < specs.size(); i++) {
            if (boundPorts.get(i) == port) {
                return Optional.of(specs.get(i));
            }
        }
        return Optional.empty();
    }

    void sessionLost() {
        for (int i = 0; i < specs.size(); i++) {
            boundPorts.set(i, -1);
        }
    }

    void requestAll(ClientSession session, Context context) {
        for (int i = 0; i < specs.size(); i++) {
            request(session, i, context);
        }
    }

    private void request(ClientSession session, int index, Context context) {
        ForwardSpec spec = specs.get(index);
        try {
            Buffer request = session.createBuffer(SshConstants.SSH_MSG_GLOBAL_REQUEST, 64);
            request.putString(REQUEST);
            request.putBoolean(true);
            request.putString(spec.bindHost());
            request.putUInt(spec.bindPort());
            session.request(request, REQUEST, (command, reply) -> context.runOnContext(v -> {
                if (command != SshConstants.SSH_MSG_REQUEST_SUCCESS) {
                    STATUS.warn("remote forward #{} refused by the server (check its listen rules, and that the port"
                            + " is free)", index + 1);
                    return;
                }
                int port = spec.bindPort() == 0 && reply.available() >= Integer.BYTES ? (int) reply.getUInt() : spec.bindPort();
                boundPorts.set(index, port);
                STATUS.info("remote forward #{} active on server port {}", index + 1, port);
            }));
        } catch (Exception e) {
            STATUS.warn("remote forward #{} could not be requested ({})", index + 1, e.getClass().getSimpleName());
        }
    }
}
