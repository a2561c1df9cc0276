package alknet.api;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Everything {@code alknet connect} needs (10-tunnel.md section 5). */
public final class ConnectOptions {
    public static final String DEFAULT_SOCKS5_HOST = "127.0.0.1";
    public static final int DEFAULT_SOCKS5_PORT = 1080;
    public static final Duration DEFAULT_KEEPALIVE = Duration.ofSeconds(15);
    public static final Duration SESSION_WAIT = Duration.ofSeconds(10);

    private String serverHost;
    private int serverPort = 22;
    private final List<InetSocketAddress> fallbackServers = new ArrayList<>();
    private Path identity;
    private KeyPassphrase identityPassphrase = KeyPassphrase.IDENTITY_NOT_GIVEN;
    private String user = System.getProperty("user.name", "alknet");
    private boolean socks5Enabled = true;
    private String socks5Host = DEFAULT_SOCKS5_HOST;
    private int socks5Port = DEFAULT_SOCKS5_PORT;
    private String socks5User;
    private String socks5Password;
    private final List<ForwardSpec> localForwards = new ArrayList<>();
    private final List<ForwardSpec> remoteForwards = new ArrayList<>();
    private Path knownHosts = Path.of(System.getProperty("user.home"), ".alknet", "known_hosts");
    private String hostKeyFingerprint;
    private boolean acceptAnyHostKey;
    private Duration keepalive = DEFAULT_KEEPALIVE;
    private Duration sessionWait = SESSION_WAIT;
    private List<String> ciphers = List.of();
    private boolean allowNonStrictKex;
    private Transport transport = Transport.TCP;
    private Path tlsCa;
    private boolean insecureTls;
    private String tlsServerName;
    private ProxyUrl proxy;

    /** The proxy the transport connection goes through (socks5 or http CONNECT), or null for a direct connection. */
    public ProxyUrl proxy() {
        return proxy;
    }

    public ConnectOptions proxy(ProxyUrl proxy) {
        this.proxy = proxy;
        return this;
    }

    public Transport transport() {
        return transport;
    }

    /** tcp (default), tls or ws; relay comes later. */
    public ConnectOptions transport(Transport kind) {
        this.transport = java.util.Objects.requireNonNull(kind, "transport");
        return this;
    }

    private String webSocketPath = "/alknet";
    private boolean webSocketTls;

    public String webSocketPath() {
        return webSocketPath;
    }

    public ConnectOptions webSocketPath(String path) {
        this.webSocketPath = path;
        return this;
    }

    public boolean webSocketTls() {
        return webSocketTls;
    }

    /** WebSocket over TLS (wss); the TLS options (--tls-ca, --insecure) apply. */
    public ConnectOptions webSocketTls(boolean tls) {
        this.webSocketTls = tls;
        return this;
    }

    public Path tlsCa() {
        return tlsCa;
    }

    /** CA certificates (PEM) trusted for the server's TLS certificate instead of the system trust store. */
    public ConnectOptions tlsCa(Path file) {
        this.tlsCa = file;
        return this;
    }

    public boolean insecureTls() {
        return insecureTls;
    }

    /** Skips TLS certificate verification (the SSH host key is still checked). */
    public ConnectOptions insecureTls(boolean insecure) {
        this.insecureTls = insecure;
        return this;
    }

    /** The SNI and verified name; defaults to the server host. */
    public String tlsServerName() {
        return tlsServerNameFor(serverHost);
    }

    /** The SNI and verified name when connecting to {@code host}: the name given, else that host itself. */
    public String tlsServerNameFor(String host) {
        return tlsServerName != null ? tlsServerName : host;
    }

    public ConnectOptions tlsServerName(String name) {
        this.tlsServerName = name;
        return this;
    }

    public String serverHost() {
        return serverHost;
    }

    public int serverPort() {
        return serverPort;
    }

    /** The server tried first (and, without fallbacks, the only one). */
    public ConnectOptions server(String host, int port) {
        this.serverHost = Objects.requireNonNull(host, "host");
        this.serverPort = ServeOptions.checkPort(port);
        return this;
    }

    /**
     * Adds a server tried when the ones before it cannot be reached (a worker's further {@code --head}s,
     * 40-cluster-ops.md section 1): in order, without delay, then the client backoff and from the first again.
     * Each server's host key is checked for its own host:port.
     */
    public ConnectOptions addFallbackServer(String host, int port) {
        fallbackServers.add(InetSocketAddress.createUnresolved(Objects.requireNonNull(host, "host"), ServeOptions.checkPort(port)));
        return this;
    }

    /** Every server in the order they are tried, unresolved (the first is {@link #server}); empty when none is set. */
    public List<InetSocketAddress> servers() {
        List<InetSocketAddress> all = new ArrayList<>();
        if (serverHost != null) {
            all.add(InetSocketAddress.createUnresolved(serverHost, serverPort));
        }
        all.addAll(fallbackServers);
        return List.copyOf(all);
    }

    public Path identity() {
        return identity;
    }

    public ConnectOptions identity(Path file) {
        this.identity = file;
        return this;
    }

    public KeyPassphrase identityPassphrase() {
        return identityPassphrase;
    }

    /** Where the passphrase of an encrypted identity comes from; default none (an encrypted key then fails to load). */
    public ConnectOptions identityPassphrase(KeyPassphrase passphrase) {
        this.identityPassphrase = Objects.requireNonNull(passphrase, "passphrase");
        return this;
    }

    public String user() {
        return user;
    }

    public ConnectOptions user(String name) {
        this.user = Objects.requireNonNull(name, "user");
        return this;
    }

    public boolean socks5Enabled() {
        return socks5Enabled;
    }

    public String socks5Host() {
        return socks5Host;
    }

    public int socks5Port() {
        return socks5Port;
    }

    public ConnectOptions socks5(String host, int port) {
        this.socks5Host = Objects.requireNonNull(host, "host");
        this.socks5Port = ServeOptions.checkPort(port);
        this.socks5Enabled = true;
        return this;
    }

    public ConnectOptions noSocks5() {
        this.socks5Enabled = false;
        return this;
    }

    public String socks5User() {
        return socks5User;
    }

    public String socks5Password() {
        return socks5Password;
    }

    public ConnectOptions socks5Credentials(String user, String password) {
        this.socks5User = user;
        this.socks5Password = password;
        return this;
    }

    public List<ForwardSpec> localForwards() {
        return List.copyOf(localForwards);
    }

    public ConnectOptions addLocalForward(ForwardSpec spec) {
        localForwards.add(spec);
        return this;
    }

    public List<ForwardSpec> remoteForwards() {
        return List.copyOf(remoteForwards);
    }

    public ConnectOptions addRemoteForward(ForwardSpec spec) {
        remoteForwards.add(spec);
        return this;
    }

    public Path knownHosts() {
        return knownHosts;
    }

    public ConnectOptions knownHosts(Path file) {
        this.knownHosts = Objects.requireNonNull(file, "knownHosts");
        return this;
    }

    public String hostKeyFingerprint() {
        return hostKeyFingerprint;
    }

    public ConnectOptions hostKeyFingerprint(String fingerprint) {
        this.hostKeyFingerprint = fingerprint;
        return this;
    }

    public boolean acceptAnyHostKey() {
        return acceptAnyHostKey;
    }

    /** Tests only: skips host-key verification. */
    public ConnectOptions acceptAnyHostKey(boolean accept) {
        this.acceptAnyHostKey = accept;
        return this;
    }

    public Duration keepalive() {
        return keepalive;
    }

    public ConnectOptions keepalive(Duration interval) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("keepalive must be positive");
        }
        this.keepalive = interval;
        return this;
    }

    public Duration sessionWait() {
        return sessionWait;
    }

    public ConnectOptions sessionWait(Duration wait) {
        this.sessionWait = Objects.requireNonNull(wait);
        return this;
    }

    public List<String> ciphers() {
        return ciphers;
    }

    public ConnectOptions ciphers(List<String> names) {
        this.ciphers = List.copyOf(names);
        return this;
    }

    public boolean allowNonStrictKex() {
        return allowNonStrictKex;
    }

    public ConnectOptions allowNonStrictKex(boolean allow) {
        this.allowNonStrictKex = allow;
        return this;
    }
}
