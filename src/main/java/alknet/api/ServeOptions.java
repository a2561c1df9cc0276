package alknet.api;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Everything {@code alknet serve} needs (10-tunnel.md section 3, 20-auth-config.md section 5), as a plain options
 * object: {@code DEFAULT_*} constants are the defaults (flags, environment variables and TOML keys use these very
 * constants), setters reject bad values at once, and the server takes a copy when it starts. The CLI's config
 * loader produces one from flags, environment and the TOML file; an embedding application sets it up directly.
 */
public final class ServeOptions {
    public static final String DEFAULT_LISTEN_HOST = "0.0.0.0";
    public static final int DEFAULT_PORT = 22;
    public static final String DEFAULT_OPS_HOST = "127.0.0.1";
    public static final int DEFAULT_OPS_PORT = 9090;
    public static final Duration DEFAULT_KEEPALIVE = Duration.ofSeconds(15);
    public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(2);
    public static final int DEFAULT_MAX_FRAME = 16 * 1024 * 1024;
    public static final String HOST_KEY_FILE = "host_ed25519";
    public static final String AUTHORIZED_KEYS_FILE = "authorized_keys";

    private List<ListenerOptions> listeners = List.of(ListenerOptions.tcp(DEFAULT_LISTEN_HOST, DEFAULT_PORT));
    private Path hostKey;
    private Path dataDir = defaultDataDir();
    private AuthOptions auth = AuthOptions.DEFAULT;
    private ForwardingRules forwarding = ForwardingRules.DEFAULT;
    private Limits limits = Limits.DEFAULTS;
    private ProxyUrl proxy;
    private String opsHost = DEFAULT_OPS_HOST;
    private int opsPort = DEFAULT_OPS_PORT;
    private boolean opsEnabled = true;
    private String rawHost;
    private int rawPort = -1;
    private int maxFrame = DEFAULT_MAX_FRAME;
    private Duration keepalive = DEFAULT_KEEPALIVE;
    private Duration drainTimeout = DEFAULT_DRAIN_TIMEOUT;
    private List<String> ciphers = List.of();
    private boolean allowNonStrictKex;
    private ClusterOptions cluster = ClusterOptions.OFF;
    private ConfigSource configSource;

    public ServeOptions() {
    }

    /** A copy: the server keeps one, so later changes to {@code other} do not reach a running server. */
    public ServeOptions(ServeOptions other) {
        this.listeners = other.listeners;
        this.hostKey = other.hostKey;
        this.dataDir = other.dataDir;
        this.auth = other.auth;
        this.forwarding = other.forwarding;
        this.limits = other.limits;
        this.proxy = other.proxy;
        this.opsHost = other.opsHost;
        this.opsPort = other.opsPort;
        this.opsEnabled = other.opsEnabled;
        this.rawHost = other.rawHost;
        this.rawPort = other.rawPort;
        this.maxFrame = other.maxFrame;
        this.keepalive = other.keepalive;
        this.drainTimeout = other.drainTimeout;
        this.ciphers = other.ciphers;
        this.allowNonStrictKex = other.allowNonStrictKex;
        this.cluster = other.cluster;
        this.configSource = other.configSource;
    }

    /** {@code ~/.alknet}. */
    public static Path defaultDataDir() {
        return Path.of(System.getProperty("user.home"), ".alknet");
    }

    // ---- listeners

    /** Every listener, in order; they share auth, policy, limits and sessions. */
    public List<ListenerOptions> listeners() {
        return listeners;
    }

    /** Replaces every listener (at least one). */
    public ServeOptions listeners(List<ListenerOptions> all) {
        if (all.isEmpty()) {
            throw new IllegalArgumentException("a server needs at least one listener");
        }
        all.forEach(l -> Objects.requireNonNull(l, "listener"));
        this.listeners = List.copyOf(all);
        return this;
    }

    /** One plain TCP listener on {@code host:port} instead of all others. */
    public ServeOptions listen(String host, int port) {
        return listeners(List.of(ListenerOptions.tcp(host, port)));
    }

    public ServeOptions addListener(ListenerOptions listener) {
        List<ListenerOptions> more = new ArrayList<>(listeners);
        more.add(Objects.requireNonNull(listener, "listener"));
        this.listeners = List.copyOf(more);
        return this;
    }

    // ---- keys and state

    /** The host key file; {@code DATA_DIR/host_ed25519} (generated on first run) unless set. */
    public Path hostKey() {
        return hostKey != null ? hostKey : dataDir.resolve(HOST_KEY_FILE);
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

    // ---- hot-reloadable: auth, forwarding, limits

    public AuthOptions auth() {
        return auth;
    }

    public ServeOptions auth(AuthOptions options) {
        this.auth = Objects.requireNonNull(options, "auth");
        return this;
    }

    /** The authorized keys file: {@code DATA_DIR/authorized_keys} unless set (then it must exist). */
    public Path authorizedKeys() {
        return auth.authorizedKeys() != null ? auth.authorizedKeys() : dataDir.resolve(AUTHORIZED_KEYS_FILE);
    }

    public ServeOptions authorizedKeys(Path file) {
        return auth(auth.withAuthorizedKeys(file));
    }

    /** A file of user-certificate CA public keys; their certificates log in with the default scopes. */
    public ServeOptions certAuthorities(Path file) {
        return auth(auth.withCertAuthorities(file == null ? List.of() : List.of(file)));
    }

    public ForwardingRules forwarding() {
        return forwarding;
    }

    public ServeOptions forwarding(ForwardingRules rules) {
        this.forwarding = Objects.requireNonNull(rules, "forwarding");
        return this;
    }

    public Limits limits() {
        return limits;
    }

    public ServeOptions limits(Limits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
        return this;
    }

    // ---- outbound, ops, raw framing

    /** The proxy every tunnel target connection goes through, names unresolved; null (default) = direct. */
    public ProxyUrl proxy() {
        return proxy;
    }

    public ServeOptions proxy(ProxyUrl proxy) {
        this.proxy = proxy;
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

    /** Whether the token-authenticated raw call carrier listens (30-call-protocol.md section 6). */
    public boolean rawEnabled() {
        return rawHost != null;
    }

    public String rawHost() {
        return rawHost;
    }

    public int rawPort() {
        return rawPort;
    }

    /** {@code --raw-listen}: TCP, or TLS when the server has a default TLS certificate ({@link #rawTls}). */
    public ServeOptions rawListen(String host, int port) {
        this.rawHost = Objects.requireNonNull(host, "host");
        this.rawPort = checkPort(port);
        return this;
    }

    /** The TLS files for the raw carrier: the first TLS-capable listener's, or null for plain TCP. */
    public TlsFiles rawTls() {
        return listeners.stream().map(ListenerOptions::tls).filter(Objects::nonNull).findFirst().orElse(null);
    }

    /** The largest call-protocol frame (30-call-protocol.md section 1); a larger length prefix closes the channel. */
    public int maxFrame() {
        return maxFrame;
    }

    public ServeOptions maxFrame(int bytes) {
        if (bytes < 1024) {
            throw new IllegalArgumentException("max frame must be at least 1024 bytes, got " + bytes);
        }
        this.maxFrame = bytes;
        return this;
    }

    // ---- SSH

    public Duration keepalive() {
        return keepalive;
    }

    public ServeOptions keepalive(Duration interval) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("keepalive must be positive, got " + interval);
        }
        this.keepalive = interval;
        return this;
    }

    public Duration drainTimeout() {
        return drainTimeout;
    }

    public ServeOptions drainTimeout(Duration timeout) {
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("drain timeout must be >= 0, got " + timeout);
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

    // ---- cluster and reload

    public ClusterOptions cluster() {
        return cluster;
    }

    public ServeOptions cluster(ClusterOptions options) {
        this.cluster = Objects.requireNonNull(options, "cluster");
        return this;
    }

    /** Where a reload re-reads the options; null when these options were set by code (then reloadConfig fails). */
    public ConfigSource configSource() {
        return configSource;
    }

    public ServeOptions configSource(ConfigSource source) {
        this.configSource = source;
        return this;
    }

    static int checkPort(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0-65535, got " + port);
        }
        return port;
    }
}
