package alknet.testsupport;

import alknet.transport.SocketHalfClose;
import alknet.transport.SocketHalfClose.InputShutdown;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Base of the recording proxies ({@link RecordingSocks5Proxy}, {@link RecordingHttpConnectProxy}): a Vert.x
 * NetServer on 127.0.0.1 (ephemeral port), a NetClient for the targets, the host map that stands in for DNS,
 * the recorded targets and the accepted-connection count. Nothing here logs: targets never reach a log.
 */
public abstract class RecordingProxy implements AutoCloseable {
    private static final long WAIT_SECONDS = 10;

    private final Vertx vertx;
    private final String username;
    private final String password;
    private final NetClient client;
    private final Map<String, String> hosts = new ConcurrentHashMap<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final Set<NetSocket> open = ConcurrentHashMap.newKeySet();
    private NetServer server;
    private int port;

    /** {@code username} null means no authentication is required. */
    RecordingProxy(Vertx vertx, String username, String password) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.username = username;
        this.password = username == null ? null : Objects.requireNonNull(password, "password");
        this.client = vertx.createNetClient(new NetClientOptions().setConnectTimeout(5_000).setTcpNoDelay(true));
    }

    /** Binds and starts accepting; blocks until listening. Called by the subclass factories. */
    final void listen() {
        server = vertx.createNetServer(new NetServerOptions().setHost("127.0.0.1").setPort(0).setTcpNoDelay(true));
        server.connectHandler(this::accept);
        try {
            port = await(server.listen()).actualPort();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private void accept(NetSocket socket) {
        connections.incrementAndGet();
        // Before the first read, or Netty closes the socket on an early FIN (e.g. request, data, FIN at once).
        InputShutdown fin = SocketHalfClose.track(socket);
        track(socket);
        serve(socket, fin);
    }

    /** Serves one accepted client on its event loop; {@code fin} reports the client's FIN. */
    abstract void serve(NetSocket socket, InputShutdown fin);

    /**
     * Makes {@code name} (compared case-insensitively) resolve to {@code address} (an IP literal) inside this
     * proxy; names not mapped are unresolvable, so tests can use fake names without DNS. Also applies to IP
     * literal targets, which otherwise connect as given. Returns this proxy.
     */
    public RecordingProxy mapHost(String name, String address) {
        hosts.put(name.toLowerCase(Locale.ROOT), Objects.requireNonNull(address, "address"));
        return this;
    }

    /** The port on 127.0.0.1. */
    public int port() {
        return port;
    }

    /** Every requested target exactly as received ({@code example.test:80}, {@code 127.0.0.1:5000}, ...), in order. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    /** TCP connections accepted so far (including ones refused during the handshake). */
    public int connections() {
        return connections.get();
    }

    /** Client and target connections currently open. */
    public int openConnections() {
        return open.size();
    }

    boolean authenticationRequired() {
        return username != null;
    }

    boolean credentialsMatch(String user, String pass) {
        return username != null && username.equals(user) && password.equals(pass);
    }

    /** False once {@code socket} (a client or target of this proxy) closed; call on its event loop. */
    boolean isOpen(NetSocket socket) {
        return open.contains(socket);
    }

    void record(String target) {
        requests.add(target);
    }

    /**
     * Connects to {@code host} (as received, brackets removed): through the host map, else as given when
     * {@code ipLiteral}; an unmapped name fails with UnknownHostException. The result's socket is paused, with
     * its FIN tracked, ready for {@link ProxyRelay#start}.
     */
    Future<ProxyRelay.Peer> connect(String host, int targetPort, boolean ipLiteral) {
        String address = hosts.get(host.toLowerCase(Locale.ROOT));
        if (address == null && ipLiteral) {
            address = host;
        }
        if (address == null) {
            return Future.failedFuture(new UnknownHostException("name not mapped in the recording proxy"));
        }
        return client.connect(targetPort, address).map(socket -> {
            InputShutdown fin = SocketHalfClose.track(socket);
            socket.pause();
            track(socket);
            return new ProxyRelay.Peer(socket, fin);
        });
    }

    private void track(NetSocket socket) {
        open.add(socket);
        socket.closeHandler(v -> open.remove(socket));
        socket.exceptionHandler(e -> socket.close());
    }

    /** Stops listening and closes every open connection. */
    @Override
    public void close() {
        if (server != null) {
            awaitQuietly(server.close());
        }
        for (NetSocket socket : open) {
            awaitQuietly(socket.close());
        }
        awaitQuietly(client.close());
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "@127.0.0.1:" + port;
    }

    static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (Exception e) {
            throw new IllegalStateException("recording proxy: " + e.getMessage(), e);
        }
    }

    private static void awaitQuietly(Future<?> future) {
        try {
            future.toCompletionStage().toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception ignored) {
            // already closed
        }
    }
}
