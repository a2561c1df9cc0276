package alknet.ssh;

import alknet.auth.Identity;
import alknet.config.DynamicConfigHolder;
import alknet.policy.ConnectDecision;
import alknet.policy.ForwardingPolicy;
import alknet.ssh.io.ConnectByName;
import alknet.ssh.io.InlineCloseTcpipServerChannel;
import alknet.ssh.io.VertxIoSession;
import alknet.stream.TransportInfo;
import alknet.stream.TransportKind;
import org.apache.sshd.client.future.DefaultOpenFuture;
import org.apache.sshd.client.future.OpenFuture;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.channel.Channel;
import org.apache.sshd.common.channel.ChannelFactory;
import org.apache.sshd.common.channel.exception.SshChannelOpenException;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.common.util.buffer.ByteArrayBuffer;

import java.net.InetAddress;
import java.util.List;

/**
 * A {@code direct-tcpip} open checked against the forwarding policy before any connection attempt
 * (10-tunnel.md section 3; 20-auth-config.md section 4): a name-only denial answers at once, without a lookup;
 * otherwise the target is resolved once off the event loop, every address is checked when a rule needs addresses,
 * and MINA connects to a checked address literal, so the name is never resolved again. With an outbound proxy
 * ({@code resolver == null}) the server resolves nothing: the name is judged by the policy's name rules (fail closed
 * where an IP or CIDR rule could decide otherwise) and goes to the proxy unresolved. Denials are logged as
 * {@code channel denied ... reason=policy} without the target.
 */
final class PolicyCheckedTcpipServerChannel extends InlineCloseTcpipServerChannel {
    /** Tells {@link PolicyForwardingFilter} that this open was already decided (MINA asks it inside doInit). */
    private static final ThreadLocal<Boolean> DECIDED = ThreadLocal.withInitial(() -> Boolean.FALSE);

    private final DynamicConfigHolder config;
    /** Null when target names go to the outbound proxy unresolved. */
    private final TargetResolver resolver;

    private PolicyCheckedTcpipServerChannel(DynamicConfigHolder config, TargetResolver resolver) {
        this.config = config;
        this.resolver = resolver;
    }

    static ChannelFactory factory(DynamicConfigHolder config, TargetResolver resolver) {
        return new ChannelFactory() {
            @Override
            public String getName() {
                return "direct-tcpip";
            }

            @Override
            public Channel createChannel(Session session) {
                return new PolicyCheckedTcpipServerChannel(config, resolver);
            }
        };
    }

    static boolean decidedOnThisThread() {
        return DECIDED.get();
    }

    @Override
    protected OpenFuture doInit(Buffer request) {
        String host = request.getString();
        int port = request.getInt();
        String originatorHost = request.getString();
        int originatorPort = request.getInt();
        DefaultOpenFuture opened = new DefaultOpenFuture(this, futureLock);
        Identity identity = getSession().getAttribute(SessionAttributes.IDENTITY);
        TransportInfo transport = VertxIoSession.transportInfo(getSession());
        TransportKind kind = transport == null ? TransportKind.TCP : transport.kind();
        // read once for this open, narrowed by the key's authorized_keys options / certificate extensions
        ForwardingPolicy policy = SessionAttributes.forwardingPolicy(getSession(), config.get().forwarding());
        if (identity == null) {
            return deny(opened);
        }
        if (resolver == null) {
            return toProxy(opened, policy.decide(identity, kind, host, port, List.of()), host, port, originatorHost,
                    originatorPort);
        }
        boolean needsAddresses = policy.needsResolution(host);
        if (!needsAddresses && !policy.decide(identity, kind, host, port, List.of()).allowed()) {
            return deny(opened);
        }
        resolver.resolve(host).onComplete(resolved -> {
            if (resolved.failed() || resolved.result().isEmpty()) {
                refuse(opened, SshConstants.SSH_OPEN_CONNECT_FAILED, "host unreachable: the name does not resolve");
                return;
            }
            List<InetAddress> addresses = resolved.result();
            ConnectDecision decision = needsAddresses ? policy.decide(identity, kind, host, port, addresses)
                    : ConnectDecision.allow(addresses);
            if (!decision.allowed()) {
                deny(opened);
                return;
            }
            InetAddress target = decision.addresses().isEmpty() ? addresses.get(0) : decision.addresses().get(0);
            connect(opened, target.getHostAddress(), port, originatorHost, originatorPort);
        });
        return opened;
    }

    /** Through the outbound proxy: a literal as checked, a name unresolved (the proxy resolves it). */
    private OpenFuture toProxy(DefaultOpenFuture opened, ConnectDecision decision, String host, int port,
                               String originatorHost, int originatorPort) {
        if (!decision.allowed()) {
            return deny(opened);
        }
        if (!decision.addresses().isEmpty()) {
            connect(opened, decision.addresses().get(0).getHostAddress(), port, originatorHost, originatorPort);
        } else {
            ConnectByName.connect(host, port, () -> {
                connect(opened, ConnectByName.PLACEHOLDER_HOST, port, originatorHost, originatorPort);
                return null;
            });
        }
        return opened;
    }

    /** Lets MINA open the checked target: {@code literal} is an address literal, so MINA resolves nothing. */
    private void connect(DefaultOpenFuture opened, String literal, int port, String originatorHost, int originatorPort) {
        Buffer checked = new ByteArrayBuffer();
        checked.putString(literal);
        checked.putInt(port);
        checked.putString(originatorHost);
        checked.putInt(originatorPort);
        OpenFuture connecting;
        DECIDED.set(Boolean.TRUE);
        try {
            connecting = super.doInit(checked);
        } finally {
            DECIDED.remove();
        }
        connecting.addListener(f -> {
            if (f.isOpened()) {
                opened.setOpened();
            } else {
                opened.setException(f.getException());
            }
        });
    }

    private OpenFuture deny(DefaultOpenFuture opened) {
        ServerAuthLog.channelDenied(getSession(), "policy");
        return refuse(opened, SshConstants.SSH_OPEN_ADMINISTRATIVELY_PROHIBITED, "administratively prohibited");
    }

    private OpenFuture refuse(DefaultOpenFuture opened, int code, String message) {
        SshChannelOpenException problem = new SshChannelOpenException(getChannelId(), code, message);
        try {
            signalChannelOpenFailure(problem);
            opened.setException(problem);
        } finally {
            close(true);
        }
        return opened;
    }
}
