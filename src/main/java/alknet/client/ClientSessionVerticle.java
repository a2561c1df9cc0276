package alknet.client;

import alknet.Addresses;
import alknet.api.ConnectOptions;
import alknet.ssh.Keepalive;
import alknet.ssh.SshAlgorithms;
import alknet.ssh.StrictKexGuard;
import alknet.ssh.io.ChannelTuning;
import alknet.stream.StreamDialer;
import alknet.ssh.io.SessionDialer;
import alknet.ssh.io.VertxIoServiceFactoryFactory;
import alknet.transport.TcpClientDialer;
import alknet.transport.TlsClientDialer;
import alknet.transport.WebSocketClientDialer;
import alknet.api.Transport;
import org.apache.sshd.common.AttributeRepository;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.client.future.ConnectFuture;
import org.apache.sshd.client.future.AuthFuture;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.server.forward.RejectAllForwardingFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The client's one SSH session (10-tunnel.md section 5): connects, authenticates, keeps it alive, reconnects with
 * {@link Backoff} forever, and re-requests {@code -R} forwards after each reconnect. Callers that need the
 * session while it is down wait up to {@code sessionWait}. With several servers (a worker's {@code --head A,B},
 * 40-cluster-ops.md section 1) a failed attempt goes on to the next at once; only when all failed does it wait
 * the backoff and start again from the first.
 */
public final class ClientSessionVerticle extends VerticleBase {
    private static final Logger STATUS = LoggerFactory.getLogger("alknet.status");
    /** The software version of our SSH identification string (RFC 4253 section 4.2). */
    private static final String CLIENT_VERSION = "alknet_0.1";

    private final ConnectOptions options;
    private final KeyPair identity;
    private final HostKeyPolicy hostKeys;
    private final Backoff backoff = new Backoff();
    private final ArrayDeque<Promise<ClientSession>> waiters = new ArrayDeque<>();
    private final Promise<Void> firstSession = Promise.promise();
    private final Promise<Void> fatal = Promise.promise();
    private final RemoteForwards remoteForwards;
    private final List<InetSocketAddress> servers;
    /** "up", "restored", "down": this session's own listeners (the event-bus address is shared by every client). */
    private final List<Consumer<String>> stateListeners = new CopyOnWriteArrayList<>();
    /** TLS dialers by server name (each server's own host unless --tls-server-name); one dialer otherwise. */
    private final Map<String, StreamDialer> dialers = new HashMap<>();
    private SshClient client;
    private ClientSession session;
    /** The server of the current session or attempt: an index into {@link #servers}. */
    private int serverIndex;
    private volatile String sessionServer;
    private boolean everConnected;
    private boolean stopping;
    /** The session is being closed on purpose by {@link #renew}: connect again at once. */
    private boolean renewing;
    private ForwardedTcpipOpener forwardedTcpip;

    public ClientSessionVerticle(ConnectOptions options, KeyPair identity, KnownHosts knownHosts) {
        this.options = options;
        this.identity = identity;
        this.servers = options.servers();
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("no server given");
        }
        this.hostKeys = new HostKeyPolicy(options.hostKeyFingerprint(), knownHosts, hostPort(servers.get(0)),
                options.acceptAnyHostKey());
        this.remoteForwards = new RemoteForwards(options.remoteForwards());
    }

    /** The context this session runs on (its SSH connection's event loop); null before deployment. */
    public io.vertx.core.Context homeContext() {
        return context;
    }

    @Override
    public Future<?> start() {
        client = SshClient.setUpDefaultClient();
        client.setIoServiceFactoryFactory(new VertxIoServiceFactoryFactory(vertx));
        CoreModuleProperties.CLIENT_IDENTIFICATION.set(client, CLIENT_VERSION);
        SshAlgorithms.apply(client, options.ciphers());
        client.setUserAuthFactories(List.of(org.apache.sshd.client.auth.pubkey.UserAuthPublicKeyFactory.INSTANCE));
        client.setServerKeyVerifier(hostKeys);
        // Nothing of MINA's forwarding: -R channels are served by our own forwarded-tcpip opener, the rest refused.
        forwardedTcpip = new ForwardedTcpipOpener(vertx, remoteForwards);
        client.setChannelFactories(List.of(forwardedTcpip.channelFactory()));
        // The server's keepalives are answered (no WARN per request); OpenSSH's host-key announcements are read and
        // ignored (keys are checked at connect); anything else is refused.
        client.setGlobalRequestHandlers(List.of(org.apache.sshd.common.global.KeepAliveHandler.INSTANCE,
                org.apache.sshd.client.global.OpenSshHostKeysHandler.INSTANCE));
        client.setForwardingFilter(RejectAllForwardingFilter.INSTANCE);
        client.setKeyIdentityProvider(s -> List.of(identity));
        Keepalive.apply(client, options.keepalive());
        CoreModuleProperties.IDLE_TIMEOUT.set(client, Duration.ZERO);
        ChannelTuning.apply(client);
        if (!options.allowNonStrictKex()) {
            client.addSessionListener(new StrictKexGuard());
        }
        client.start();
        connect();
        return Future.succeededFuture();
    }

    public Future<Void> firstSession() {
        return firstSession.future();
    }

    public Future<Void> fatal() {
        return fatal.future();
    }

    /** The SHA-256 fingerprint of the current session's server host key (verified at connect), or null. */
    public String serverKeyFingerprint() {
        ClientSession s = session;
        return s == null || s.getServerKey() == null ? null : alknet.auth.KeyFingerprint.of(s.getServerKey());
    }

    public boolean connected() {
        return session != null && session.isOpen();
    }

    /** {@code host:port} of the server the session is up with, or null while down. */
    public String connectedServer() {
        return connected() ? sessionServer : null;
    }

    /**
     * Calls {@code listener} on this session's context with "up" (first session), "restored" (each reconnect) and
     * "down" (session lost). Only this session's changes: unlike {@link Addresses#CLIENT_SESSION_STATE}, which every
     * client in the Vert.x instance publishes to.
     */
    public void onStateChange(Consumer<String> listener) {
        stateListeners.add(listener);
    }

    public RemoteForwards remoteForwards() {
        return remoteForwards;
    }

    private static String hostPort(InetSocketAddress server) {
        return KnownHosts.hostKey(server.getHostString(), server.getPort());
    }

    /** The server of the current session or attempt. */
    private String server() {
        return hostPort(servers.get(serverIndex));
    }

    private void connect() {
        if (stopping) {
            return;
        }
        try {
            InetSocketAddress target = servers.get(serverIndex);
            hostKeys.target(hostPort(target));
            ConnectFuture connecting = client.connect(options.user(), target, dialContext(target), null);
            connecting.addListener(f -> context.runOnContext(v -> connected(f)));
        } catch (Exception e) {
            attemptFailed(e);
        }
    }

    /** TLS, WebSocket and proxied TCP dial through their dialers; direct TCP needs no context (the adapter's NetClient dials). */
    private AttributeRepository dialContext(InetSocketAddress target) {
        if (options.transport() == Transport.TCP && options.proxy() == null) {
            return null;
        }
        String tlsName = options.transport() == Transport.TLS ? options.tlsServerNameFor(target.getHostString()) : "";
        StreamDialer dialer = dialers.computeIfAbsent(tlsName, name -> switch (options.transport()) {
            case WS -> new WebSocketClientDialer(vertx, options.webSocketPath(), options.webSocketTls(), options.tlsCa(),
                    options.insecureTls(), options.proxy());
            case TLS -> new TlsClientDialer(vertx, name, options.tlsCa(), options.insecureTls(), options.proxy());
            default -> new TcpClientDialer(vertx, options.proxy());
        });
        return AttributeRepository.ofKeyValuePair(SessionDialer.KEY, dialer);
    }

    private void connected(ConnectFuture f) {
        if (!f.isConnected()) {
            attemptFailed(f.getException());
            return;
        }
        ClientSession s = f.getSession();
        try {
            s.auth().addListener(a -> context.runOnContext(v -> authenticated(s, a)));
        } catch (Exception e) {
            s.close(true);
            attemptFailed(e);
        }
    }

    private void authenticated(ClientSession s, AuthFuture auth) {
        if (!auth.isSuccess()) {
            s.close(true);
            attemptFailed(auth.getException());
            return;
        }
        session = s;
        sessionServer = server();
        backoff.reset();
        s.addCloseFutureListener(f -> context.runOnContext(v -> lost(s)));
        STATUS.info(everConnected ? "session restored server={}" : "session up server={}", sessionServer);
        String state = everConnected ? "restored" : "up";
        everConnected = true;
        firstSession.tryComplete();
        while (!waiters.isEmpty()) {
            waiters.poll().tryComplete(s);
        }
        remoteForwards.requestAll(s, context);
        stateChanged(state);
    }

    private void stateChanged(String state) {
        // About this process only, also when the application's Vert.x is clustered.
        vertx.eventBus().publish(Addresses.CLIENT_SESSION_STATE, new JsonObject().put("state", state),
                new io.vertx.core.eventbus.DeliveryOptions().setLocalOnly(true));
        for (Consumer<String> listener : stateListeners) {
            try {
                listener.accept(state);
            } catch (RuntimeException e) {
                STATUS.warn("session state listener failed: {}", e.toString());
            }
        }
    }

    private void attemptFailed(Throwable cause) {
        String refusal = hostKeys.lastRefusal();
        if (refusal != null) {
            HostKeyMismatchException e = new HostKeyMismatchException(refusal);
            firstSession.tryFail(e);
            fatal.tryFail(e);
            return;
        }
        if (!everConnected && isAuthRefusal(cause)) {
            firstSession.tryFail(new AuthenticationRefusedException("the server refused key authentication for user '"
                    + options.user() + "' with " + options.identity()
                    + "; add the public key (" + options.identity() + ".pub) to the server's authorized keys"));
            return;
        }
        if (serverIndex + 1 < servers.size()) {
            String failed = server();
            serverIndex++;
            STATUS.info("cannot connect to {} ({}); trying {}", failed, describe(cause), server());
            connect();
            return;
        }
        scheduleReconnect(cause);
    }

    private static boolean isAuthRefusal(Throwable cause) {
        String m = cause == null ? "" : String.valueOf(cause.getMessage()).toLowerCase();
        return m.contains("no more authentication methods") || m.contains("authentication failed");
    }

    private void lost(ClientSession s) {
        if (session != s) {
            return;
        }
        session = null;
        remoteForwards.sessionLost();
        if (stopping) {
            return;
        }
        stateChanged("down");
        if (renewing) {
            renewing = false;
            serverIndex = 0;
            connect();
            return;
        }
        scheduleReconnect(null);
    }

    /**
     * Ends the current session and logs in again at once, from the first server. The server fixes a session's
     * identity at login (20-auth-config.md section 1), so only a new session sees rights an operator granted since.
     */
    public void renew() {
        context.runOnContext(v -> {
            ClientSession s = session;
            if (s != null && s.isOpen() && !stopping) {
                renewing = true;
                STATUS.info("renewing session server={}", sessionServer);
                s.close(false);
            }
        });
    }

    private void scheduleReconnect(Throwable cause) {
        if (stopping) {
            return;
        }
        Duration delay = backoff.next();
        serverIndex = 0; // after a lost session or a round of failed attempts, the first server again
        String why = cause == null ? "session lost" : "cannot connect (" + describe(cause) + ")";
        STATUS.info("{}; reconnecting to {} in {}s", why, server(), String.format(java.util.Locale.ROOT, "%.1f", delay.toMillis() / 1000.0));
        vertx.setTimer(Math.max(1, delay.toMillis()), id -> connect());
    }

    private static String describe(Throwable cause) {
        if (cause == null) {
            return "unknown error";
        }
        for (Throwable c = cause; c != null; c = c.getCause()) {
            if (c instanceof javax.net.ssl.SSLHandshakeException) {
                return "TLS handshake failed: " + c.getMessage()
                        + "; if the server's certificate is self-signed or from a private CA, pass --tls-ca FILE (or --insecure)";
            }
            if (c instanceof io.netty.handler.proxy.ProxyConnectException) {
                return "proxy failed: " + c.getMessage() + "; check the --proxy address and credentials";
            }
        }
        String m = cause.getMessage();
        return m == null ? cause.getClass().getSimpleName() : m;
    }

    /** The current session, or one that comes up within {@code sessionWait}; fails with NO_SESSION otherwise. */
    public Future<ClientSession> awaitSession() {
        if (connected()) {
            return Future.succeededFuture(session);
        }
        Promise<ClientSession> waiter = Promise.promise();
        waiters.add(waiter);
        vertx.setTimer(options.sessionWait().toMillis(), id -> {
            waiters.remove(waiter);
            waiter.tryFail(new TunnelOpenException(TunnelOpenException.Reason.NO_SESSION, "no SSH session (reconnecting)"));
        });
        return waiter.future();
    }

    @Override
    public Future<?> stop() {
        stopping = true;
        waiters.forEach(w -> w.tryFail(new TunnelOpenException(TunnelOpenException.Reason.NO_SESSION, "client stopping")));
        waiters.clear();
        ClientSession s = session;
        return vertx.executeBlocking(() -> {
            if (s != null) {
                s.close(false).await(Duration.ofSeconds(2));
            }
            client.stop();
            return null;
        }).compose(v -> forwardedTcpip.close());
    }
}
