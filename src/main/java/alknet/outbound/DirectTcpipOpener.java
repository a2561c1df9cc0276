package alknet.outbound;

import alknet.api.Identity;
import alknet.log.ServerLog;
import alknet.policy.ConnectDecision;
import alknet.policy.ForwardingPolicy;
import alknet.policy.TargetHost;
import alknet.ssh.channel.ChannelOpenRequest;
import alknet.ssh.channel.ChannelOpener;
import alknet.ssh.channel.ChannelRefusal;
import alknet.ssh.channel.ChannelStream;
import alknet.ssh.io.SessionAttributes;
import alknet.stream.DuplexConnection;
import alknet.stream.Splice;
import alknet.stream.TransportInfo;
import alknet.stream.TransportKind;
import io.vertx.core.Future;
import org.apache.sshd.common.session.ConnectionService;
import org.apache.sshd.common.session.helpers.AbstractConnectionService;

import java.net.ConnectException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.function.Consumer;

/**
 * The server's {@code direct-tcpip} channel, top to bottom (10-tunnel.md section 3; 20-auth-config.md section 4):
 * <ol>
 *   <li>parse the request once ({@link TunnelRequest}); a bad one is refused without a word of it in the log;</li>
 *   <li>limits: the session's channel cap, and no new channels while the server drains;</li>
 *   <li>reserved {@code alknet-*} targets go to their in-process service, never to DNS or a socket;</li>
 *   <li>the forwarding policy decides: name-only rules without a lookup, otherwise one off-loop resolution with
 *   every address checked;</li>
 *   <li>dial exactly the checked address, or the name unresolved through {@code --proxy};</li>
 *   <li>once connected the channel is confirmed and spliced to the socket.</li>
 * </ol>
 * Refusals carry RFC 4254 reason codes; denials are logged as {@code channel denied ... reason=...}, never with the
 * target.
 */
public final class DirectTcpipOpener implements ChannelOpener {
    private final OutboundRules rules;
    private final ReservedTargets reserved;
    private final TargetResolver resolver;
    private final TargetDialer dialer;

    DirectTcpipOpener(OutboundRules rules, ReservedTargets reserved, TargetResolver resolver, TargetDialer dialer) {
        this.rules = rules;
        this.reserved = reserved;
        this.resolver = resolver;
        this.dialer = dialer;
    }

    @Override
    public Future<Consumer<ChannelStream>> open(ChannelOpenRequest request) {
        TransportInfo transport = request.transport();
        TunnelRequest tunnel;
        try {
            tunnel = TunnelRequest.parse(request.payload());
        } catch (ChannelRefusal refusal) {
            return refused(transport, "invalid-request", refusal);
        }
        Identity identity = request.session().getAttribute(SessionAttributes.IDENTITY);
        if (identity == null) {
            return refused(transport, "unauthenticated", ChannelRefusal.prohibited("not authenticated"));
        }
        if (!rules.acceptingChannels()) {
            return refused(transport, "shutting-down", ChannelRefusal.resourceShortage("server shutting down"));
        }
        if (openChannels(request) > rules.maxChannelsPerSession()) {
            return refused(transport, "max-channels", ChannelRefusal.resourceShortage("too many channels on this session"));
        }
        TransportKind kind = transport == null ? TransportKind.TCP : transport.kind();
        ForwardingPolicy policy = rules.policy(request.session()); // read once for this open
        if (tunnel.host() instanceof TargetHost.Reserved name) {
            return openReserved(name, tunnel.port(), identity, kind, policy, transport);
        }
        return decide(policy, identity, kind, tunnel)
                .recover(e -> refused(transport, e))
                .compose(target -> connect(target, tunnel.port()))
                .map(socket -> stream -> Splice.between(stream, socket));
    }

    private Future<Consumer<ChannelStream>> openReserved(TargetHost.Reserved name, int port, Identity identity,
                                                         TransportKind kind, ForwardingPolicy policy,
                                                         TransportInfo transport) {
        if (!policy.decide(identity, kind, name, port, List.of()).allowed()) {
            return refused(transport, "policy", ChannelRefusal.prohibited("administratively prohibited"));
        }
        return reserved.find(name.name())
                .<Future<Consumer<ChannelStream>>>map(service ->
                        Future.succeededFuture(stream -> service.serve(stream, identity)))
                .orElseGet(() -> refused(transport, "no-service", ChannelRefusal.prohibited("no such service")));
    }

    /** The policy's answer: the checked address to dial, or the name itself when only a proxy will resolve it. */
    private Future<TargetHost> decide(ForwardingPolicy policy, Identity identity, TransportKind kind,
                                      TunnelRequest tunnel) {
        TargetHost host = tunnel.host();
        int port = tunnel.port();
        if (!(host instanceof TargetHost.Name name) || dialer.viaProxy() || !policy.needsResolution(host)) {
            ConnectDecision decision = policy.decide(identity, kind, host, port, List.of());
            if (!decision.allowed()) {
                return Future.failedFuture(denied());
            }
            if (host instanceof TargetHost.Name name && !dialer.viaProxy()) {
                return resolver.resolve(name).<TargetHost>map(addresses -> new TargetHost.Address(TargetHost.canonical(addresses.get(0))))
                        .recover(e -> Future.failedFuture(unresolvable()));
            }
            return Future.succeededFuture(host);
        }
        return resolver.resolve(name).recover(e -> Future.failedFuture(unresolvable())).compose(addresses -> {
            ConnectDecision decision = policy.decide(identity, kind, host, port, addresses);
            return decision.allowed() ? Future.<TargetHost>succeededFuture(new TargetHost.Address(decision.addresses().get(0)))
                    : Future.failedFuture(denied());
        });
    }

    private Future<DuplexConnection> connect(TargetHost target, int port) {
        Future<DuplexConnection> dialed = target instanceof TargetHost.Address address
                ? dialer.dial(address.address(), port)
                : dialer.dialByName((TargetHost.Name) target, port);
        return dialed.recover(e -> Future.failedFuture(ChannelRefusal.connectFailed(connectFailure(e))));
    }

    private static String connectFailure(Throwable e) {
        if (e instanceof UnknownHostException) {
            return "host unreachable: the name does not resolve";
        }
        if (e instanceof ConnectException) {
            return "connection refused";
        }
        return "connect failed";
    }

    private static ChannelRefusal denied() {
        return ChannelRefusal.prohibited("administratively prohibited");
    }

    private static ChannelRefusal unresolvable() {
        return ChannelRefusal.connectFailed("host unreachable: the name does not resolve");
    }

    private static int openChannels(ChannelOpenRequest request) {
        ConnectionService service = request.session().getService(ConnectionService.class);
        return service instanceof AbstractConnectionService s ? s.getChannels().size() : 0;
    }

    private static <T> Future<T> refused(TransportInfo transport, Throwable cause) {
        if (cause instanceof ChannelRefusal refusal && refusal.isProhibited()) {
            ServerLog.channelDenied(transport, "policy");
        }
        return Future.failedFuture(cause);
    }

    private static <T> Future<T> refused(TransportInfo transport, String reason, ChannelRefusal refusal) {
        ServerLog.channelDenied(transport, reason);
        return Future.failedFuture(refusal);
    }
}
