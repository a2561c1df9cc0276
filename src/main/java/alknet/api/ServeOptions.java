package alknet.api;

import alknet.auth.AuthConfig;
import alknet.config.ConfigLoader;
import alknet.config.LoadedConfig;
import alknet.policy.ForwardingPolicy;
import alknet.ssh.ServerSettings;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Everything {@code alknet serve} needs (10-tunnel.md section 3). Defaults follow the spec; setters reject bad
 * values at once.
 */
public final class ServeOptions {
    public static final String DEFAULT_LISTEN_HOST = "0.0.0.0";
    public static final int DEFAULT_PORT = 22;
    public static final String DEFAULT_OPS_HOST = "127.0.0.1";
    public static final int DEFAULT_OPS_PORT = 9090;
    public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(2);

    private Path hostKey;
    private Path dataDir = Path.of(System.getProperty("user.home"), ".alknet");
    private Path authorizedKeys;
    private Path certAuthorities;
    private AuthConfig auth;
    private String listenHost = DEFAULT_LISTEN_HOST;
    private int listenPort = DEFAULT_PORT;
    private TlsFiles tls;
    private boolean stealth;
    private String webSocketPath;
    private final List<ListenerOptions> moreListeners = new ArrayList<>();
    private ProxyUrl proxy;
    private String opsHost = DEFAULT_OPS_HOST;
    private int opsPort = DEFAULT_OPS_PORT;
    private boolean opsEnabled = true;
    private Limits limits = Limits.DEFAULTS;
    private ForwardingPolicy forwarding = ForwardingPolicy.DEFAULT;
    private Duration keepalive = ServerSettings.DEFAULT_KEEPALIVE;
    private Duration drainTimeout = DEFAULT_DRAIN_TIMEOUT;
    private List<String> ciphers = List.of();
    private boolean allowNonStrictKex;
    private ConfigLoader configLoader;
    private LoadedConfig loadedConfig;

    /** The host key file; when null, {@code DATA_DIR/host_ed25519} is used and generated on first run. */
    public Path hostKey() {
        return hostKey != null ? hostKey : dataDir.resolve("host_ed25519");
    }

    public ServeOptions hostKey(Path file) {
        this.hostKey = file;
        return this;
    }

    public Path dataDir() {
        return dataDir;
    }

    public ServeOptions dataDir(Path dir) {
        this.dataDir = Objects.requireNonNull(dir, "dataDir");
        return this;
    }

    /** The authorized keys file; when null, {@code DATA_DIR/authorized_keys} (no key can log in if it is absent). */
    public Path authorizedKeys() {
        return authorizedKeys != null ? authorizedKeys : dataDir.resolve("authorized_keys");
    }

    public ServeOptions authorizedKeys(Path file) {
        this.authorizedKeys = file;
        return this;
    }

    /**
     * A file of user-certificate CA public keys, one per line; their certificates log in with the default scopes.
     * Null = no CAs besides the authorized keys file's {@code cert-authority} lines.
     */
    public Path certAuthorities() {
        return certAuthorities;
    }

    public ServeOptions certAuthorities(Path file) {
        this.certAuthorities = file;
        return this;
    }

    /**
     * The whole auth config, for embedding and tests: when set, {@link #authorizedKeys()} and
     * {@link #certAuthorities()} are not read. Null (the default) = build it from those files.
     */
    public AuthConfig auth() {
        return auth;
    }

    public ServeOptions auth(AuthConfig config) {
        this.auth = config;
        return this;
    }

    public String listenHost() {
        return listenHost;
    }

    public int listenPort() {
        return listenPort;
    }

    /**
     * Another TCP listener sharing auth, policy, limits and sessions with the first (TOML {@code [[listeners]]},
     * 20-auth-config.md section 5).
     */
    public ServeOptions addListener(String host, int port) {
        return addListener(ListenerOptions.tcp(host, port));
    }

    /** Another listener of any transport (TCP, TLS, WebSocket) sharing auth, policy, limits and sessions. */
    public ServeOptions addListener(ListenerOptions listener) {
        moreListeners.add(Objects.requireNonNull(listener, "listener"));
        return this;
    }

    /**
     * Replaces every listener: the first one's settings become {@link #listen}, {@link #tls}, {@link #stealth} and
     * {@link #webSocket}; the others are added.
     */
    public ServeOptions listeners(List<ListenerOptions> all) {
        if (all.isEmpty()) {
            throw new IllegalArgumentException("a server needs at least one listener");
        }
        ListenerOptions first = all.get(0);
        listen(first.host(), first.port());
        tls(first.tls());
        stealth(first.stealth());
        webSocket(first.webSocketPath());
        moreListeners.clear();
        all.subList(1, all.size()).forEach(this::addListener);
        return this;
    }

    /** Every listener: the one of {@link #listen} first, then those added with {@link #addListener}. */
    public List<ListenerOptions> listeners() {
        List<ListenerOptions> all = new ArrayList<>();
        all.add(webSocketPath != null ? ListenerOptions.webSocket(listenHost, listenPort, webSocketPath, tls)
                : tls != null ? ListenerOptions.tls(listenHost, listenPort, tls, stealth)
                : ListenerOptions.tcp(listenHost, listenPort));
        all.addAll(moreListeners);
        return List.copyOf(all);
    }

    /** The proxy every outbound tunnel connection goes through, names unresolved; null (default) = direct. */
    public ProxyUrl proxy() {
        return proxy;
    }

    public ServeOptions proxy(ProxyUrl proxy) {
        this.proxy = proxy;
        return this;
    }

    /** TLS files for the first listener (SSH inside TLS); null for plain TCP. */
    public TlsFiles tls() {
        return tls;
    }

    public ServeOptions tls(TlsFiles files) {
        this.tls = files;
        return this;
    }

    /** The WebSocket path when the first listener carries SSH in WebSocket frames (over TLS if {@link #tls} is set); null otherwise. */
    public String webSocketPath() {
        return webSocketPath;
    }

    public ServeOptions webSocket(String path) {
        this.webSocketPath = path;
        return this;
    }

    public boolean stealth() {
        return stealth;
    }

    /** Stealth mode on the TLS listener (10-tunnel.md section 1): non-SSH peers see an nginx 404. */
    public ServeOptions stealth(boolean on) {
        this.stealth = on;
        return this;
    }

    public ServeOptions listen(String host, int port) {
        this.listenHost = Objects.requireNonNull(host, "host");
        this.listenPort = checkPort(port);
        return this;
    }

    public boolean opsEnabled() {
        return opsEnabled;
    }

    public String opsHost() {
        return opsHost;
    }

    public int opsPort() {
        return opsPort;
    }

    public ServeOptions ops(String host, int port) {
        this.opsHost = Objects.requireNonNull(host, "host");
        this.opsPort = checkPort(port);
        this.opsEnabled = true;
        return this;
    }

    public ServeOptions disableOps() {
        this.opsEnabled = false;
        return this;
    }

    public Limits limits() {
        return limits;
    }

    public ServeOptions limits(Limits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
        return this;
    }

    public ForwardingPolicy forwarding() {
        return forwarding;
    }

    public ServeOptions forwarding(ForwardingPolicy policy) {
        this.forwarding = Objects.requireNonNull(policy, "policy");
        return this;
    }

    public Duration keepalive() {
        return keepalive;
    }

    public ServeOptions keepalive(Duration interval) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("keepalive must be positive");
        }
        this.keepalive = interval;
        return this;
    }

    public Duration drainTimeout() {
        return drainTimeout;
    }

    public ServeOptions drainTimeout(Duration timeout) {
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("drain timeout must be >= 0");
        }
        this.drainTimeout = timeout;
        return this;
    }

    public List<String> ciphers() {
        return ciphers;
    }

    public ServeOptions ciphers(List<String> names) {
        this.ciphers = List.copyOf(names);
        return this;
    }

    public boolean allowNonStrictKex() {
        return allowNonStrictKex;
    }

    public ServeOptions allowNonStrictKex(boolean allow) {
        this.allowNonStrictKex = allow;
        return this;
    }

    /**
     * Where the settings came from: a reload ({@link AlknetServer#reloadConfig()}) re-runs {@code loader}; the
     * server's initial auth, forwarding and limits are {@code loaded}'s dynamic part (the one-by-one
     * {@link #authorizedKeys}, {@link #forwarding} and {@link #limits} are then not used). The caller maps the
     * static part onto these options (alknet.cli.ServeCommand does).
     */
    public ServeOptions configSource(ConfigLoader loader, LoadedConfig loaded) {
        this.configLoader = Objects.requireNonNull(loader, "loader");
        this.loadedConfig = Objects.requireNonNull(loaded, "loaded");
        return this;
    }

    /** The loader a reload re-runs, or null when these options were set one by one. */
    public ConfigLoader configLoader() {
        return configLoader;
    }

    /** The load the server starts with, or null. */
    public LoadedConfig loadedConfig() {
        return loadedConfig;
    }

    static int checkPort(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0-65535, got " + port);
        }
        return port;
    }
}
