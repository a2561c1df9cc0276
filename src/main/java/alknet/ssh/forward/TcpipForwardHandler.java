package alknet.ssh.forward;

import alknet.api.Identity;
import alknet.log.ServerLog;
import alknet.policy.ForwardingPolicy;
import alknet.ssh.io.SessionAttributes;
import alknet.ssh.io.VertxIoSession;
import alknet.stream.ListenRegistry;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import org.apache.sshd.common.session.ConnectionService;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.helpers.AbstractConnectionServiceRequestHandler;
import org.apache.sshd.common.util.buffer.Buffer;

import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The server's global requests (RFC 4254 sections 4 and 7.1): {@code tcpip-forward} binds a listener on the session's
 * event loop without blocking it, {@code cancel-tcpip-forward} closes one of the session's own listeners, and
 * every other request that wants a reply is answered in order through {@link GlobalReplies}
 * ({@code keepalive@openssh.com} with success, anything unknown with failure). A bind is checked by the listen rules
 * (narrowed by the session's key options), must be an IP literal, {@code localhost} or a wildcard, and never shares
 * an address the process already listens on.
 */
public final class TcpipForwardHandler extends AbstractConnectionServiceRequestHandler {
    public static final String FORWARD = "tcpip-forward";
    public static final String CANCEL = "cancel-tcpip-forward";
    private static final String KEEPALIVE_SUFFIX = "keepalive@";
    private static final Pattern LITERAL = Pattern.compile("[0-9.]+|[0-9a-fA-F:.]+");

    private final Vertx vertx;
    private final Function<Session, ForwardingPolicy> policy;

    public TcpipForwardHandler(Vertx vertx, Function<Session, ForwardingPolicy> policy) {
        this.vertx = vertx;
        this.policy = policy;
    }

    @Override
    public Result process(ConnectionService service, String request, boolean wantReply, Buffer buffer) {
        Session session = service.getSession();
        GlobalReplies.Slot reply = GlobalReplies.of(session).take(wantReply);
        switch (request) {
            case FORWARD -> forward(session, buffer, reply);
            case CANCEL -> cancel(session, buffer, reply);
            default -> {
                if (reply != null) {
                    if (request.startsWith(KEEPALIVE_SUFFIX)) {
                        reply.success();
                    } else {
                        reply.failure();
                    }
                }
            }
        }
        return Result.Replied;
    }

    private void forward(Session session, Buffer buffer, GlobalReplies.Slot reply) {
        String host;
        long port;
        try {
            host = buffer.getString();
            port = buffer.getUInt();
        } catch (RuntimeException e) {
            refuse(session, reply, "invalid-request");
            return;
        }
        String bindHost = bindHost(host);
        Identity identity = session.getAttribute(SessionAttributes.IDENTITY);
        if (port > 65535 || bindHost == null) {
            refuse(session, reply, "invalid-request");
            return;
        }
        if (identity == null || !policy.apply(session).canListen(identity, host, (int) port)) {
            refuse(session, reply, "policy");
            return;
        }
        Context context = ((VertxIoSession) session.getIoSession()).context();
        ForwardListener.bind(vertx, session, context, host, bindHost, (int) port).onComplete(ar -> {
            if (ar.failed()) {
                refuse(session, reply, ar.cause() instanceof ListenRegistry.AddressInUseException ? "address-in-use" : "bind-failed");
                return;
            }
            ForwardListener listener = ar.result();
            SessionForwards.of(session).add(listener);
            if (reply != null) {
                // RFC 4254 section 7.1: the reply carries the port only when port 0 was asked for.
                reply.success(b -> {
                    if (port == 0) {
                        b.putUInt(listener.port());
                    }
                });
            }
        });
    }

    private void cancel(Session session, Buffer buffer, GlobalReplies.Slot reply) {
        boolean cancelled;
        try {
            String host = buffer.getString();
            long port = buffer.getUInt();
            cancelled = port <= 65535 && SessionForwards.of(session).cancel(host, (int) port);
        } catch (RuntimeException e) {
            cancelled = false;
        }
        if (reply != null) {
            if (cancelled) {
                reply.success();
            } else {
                reply.failure();
            }
        }
    }

    private static void refuse(Session session, GlobalReplies.Slot reply, String reason) {
        ServerLog.forwardDenied(VertxIoSession.transportInfo(session), reason);
        if (reply != null) {
            reply.failure();
        }
    }

    /**
     * Where to bind for the requested address (RFC 4254 section 7.1): {@code ""} and {@code *} all interfaces,
     * {@code localhost} the IPv4 loopback, an IP literal itself; null for any other name (not resolved here).
     */
    static String bindHost(String requested) {
        String h = requested.strip().toLowerCase(Locale.ROOT);
        if (h.isEmpty() || h.equals("*")) {
            return "0.0.0.0";
        }
        if (h.equals("localhost")) {
            return "127.0.0.1";
        }
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return LITERAL.matcher(h).matches() && h.length() <= 45 ? h : null;
    }
}
