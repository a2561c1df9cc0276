package alknet.config;

import alknet.api.ClusterOptions;
import alknet.api.Limits;
import alknet.api.ListenerOptions;
import alknet.api.ServeOptions;
import alknet.api.Startups;
import alknet.api.Transport;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;

/**
 * One {@code serve} setting that a flag, an {@code ALKNET_<FLAG>} environment variable and a TOML key can all set
 * (10-tunnel.md section 3, 20-auth-config.md section 5, 40-cluster-ops.md section 3): its name, type, parser, TOML
 * key and default, in one place (MINA's {@code Property} is the model). Defaults are the API's {@code DEFAULT_*}
 * constants, so flags, files and embedding agree by construction; range checks live in the option types
 * ({@link Limits}, {@link ListenerOptions}, ...), which {@link ServeOptionsReader} builds.
 *
 * @param <T> the value type
 */
public final class Setting<T> {
    public static final Setting<String> LISTEN = text("listen",
            ServeOptions.DEFAULT_LISTEN_HOST + ":" + ServeOptions.DEFAULT_PORT, t -> t.server().listen(), "server", "listen");
    public static final Setting<Transport> TRANSPORT = new Setting<>("transport", Transport.TCP, Transport::parse,
            Transport::wireName, t -> t.server().transport(), "server", "transport");
    public static final Setting<Boolean> STEALTH = bool("stealth", false, t -> t.server().stealth(), "server", "stealth");
    public static final Setting<Path> TLS_CERT = path("tls-cert", null, t -> t.server().tls().cert(), "server", "tls", "cert");
    public static final Setting<Path> TLS_KEY = path("tls-key", null, t -> t.server().tls().key(), "server", "tls", "key");
    public static final Setting<String> WS_PATH = text("ws-path", ListenerOptions.DEFAULT_WS_PATH,
            t -> t.server().wsPath(), "server", "ws_path");
    public static final Setting<String> PROXY = text("proxy", null, t -> t.server().proxy(), "server", "proxy");
    public static final Setting<String> OPS_LISTEN = text("ops-listen",
            ServeOptions.DEFAULT_OPS_HOST + ":" + ServeOptions.DEFAULT_OPS_PORT, t -> t.server().opsListen(), "server", "ops_listen");
    public static final Setting<String> RAW_LISTEN = text("raw-listen", null, t -> t.server().rawListen(), "server", "raw_listen");
    public static final Setting<Integer> MAX_FRAME = integer("max-frame", ServeOptions.DEFAULT_MAX_FRAME,
            t -> t.server().maxFrame(), "server", "max_frame");
    public static final Setting<Path> DATA_DIR = path("data-dir", ServeOptions.defaultDataDir(), t -> t.server().dataDir(),
            "server", "data_dir");
    public static final Setting<Duration> DRAIN_TIMEOUT = duration("drain-timeout", ServeOptions.DEFAULT_DRAIN_TIMEOUT,
            t -> t.server().drainTimeout(), "server", "drain_timeout");
    public static final Setting<Duration> KEEPALIVE = duration("keepalive", ServeOptions.DEFAULT_KEEPALIVE,
            t -> t.server().keepalive(), "server", "keepalive");
    public static final Setting<Path> KEY = path("key", null, t -> t.auth().hostKey(), "auth", "host_key");
    public static final Setting<Path> AUTHORIZED_KEYS = path("authorized-keys", null, t -> t.auth().authorizedKeys(),
            "auth", "authorized_keys");
    public static final Setting<List<Path>> CERT_AUTHORITY = new Setting<>("cert-authority", List.of(),
            v -> split(v).stream().map(EffectiveSettings::expandHome).toList(), Setting::joined,
            t -> joinedText(t.auth().certAuthorities()), "auth", "cert_authorities");
    public static final Setting<Integer> MAX_CONNECTIONS_PER_IP = integer("max-connections-per-ip",
            Limits.DEFAULT_MAX_CONNECTIONS_PER_IP, t -> t.limits().maxConnectionsPerIp(), "limits", "max_connections_per_ip");
    public static final Setting<Integer> MAX_AUTH_ATTEMPTS = integer("max-auth-attempts", Limits.DEFAULT_MAX_AUTH_ATTEMPTS,
            t -> t.limits().maxAuthAttempts(), "limits", "max_auth_attempts");
    public static final Setting<Startups> MAX_STARTUPS = new Setting<>("max-startups", Limits.DEFAULT_STARTUPS,
            Startups::parse, Startups::toString, t -> textOf(t.limits().maxStartups()), "limits", "max_startups");
    public static final Setting<Integer> MAX_STARTUPS_PER_IP = integer("max-startups-per-ip",
            Limits.DEFAULT_MAX_STARTUPS_PER_IP, t -> t.limits().maxStartupsPerIp(), "limits", "max_startups_per_ip");
    public static final Setting<Duration> AUTH_TIMEOUT = duration("auth-timeout", Limits.DEFAULT_AUTH_TIMEOUT,
            t -> t.limits().authTimeout(), "limits", "auth_timeout");
    public static final Setting<Integer> MAX_CHANNELS_PER_SESSION = integer("max-channels-per-session",
            Limits.DEFAULT_MAX_CHANNELS_PER_SESSION, t -> t.limits().maxChannelsPerSession(), "limits",
            "max_channels_per_session");
    public static final Setting<Boolean> CLUSTER = bool("cluster", false, t -> t.cluster().enabled(), "cluster", "enabled");
    public static final Setting<List<String>> CLUSTER_MEMBERS = new Setting<>("cluster-members", List.of(), Setting::split,
            Setting::joined, t -> joinedText(t.cluster().members()), "cluster", "members");
    public static final Setting<String> CLUSTER_K8S_SERVICE = text("cluster-k8s-service", null,
            t -> t.cluster().k8sService(), "cluster", "k8s_service");
    public static final Setting<String> CLUSTER_HOST = text("cluster-host", null, t -> t.cluster().host(), "cluster", "host");
    public static final Setting<Integer> CLUSTER_PORT = integer("cluster-port", ClusterOptions.DEFAULT_PORT,
            t -> t.cluster().port(), "cluster", "port");
    public static final Setting<String> CLUSTER_NAME = text("cluster-name", ClusterOptions.DEFAULT_NAME,
            t -> t.cluster().name(), "cluster", "name");

    private static final List<Setting<?>> ALL = List.of(LISTEN, TRANSPORT, STEALTH, TLS_CERT, TLS_KEY, WS_PATH, PROXY,
            OPS_LISTEN, RAW_LISTEN, MAX_FRAME, DATA_DIR, DRAIN_TIMEOUT, KEEPALIVE, KEY, AUTHORIZED_KEYS, CERT_AUTHORITY,
            MAX_CONNECTIONS_PER_IP, MAX_AUTH_ATTEMPTS, MAX_STARTUPS, MAX_STARTUPS_PER_IP, AUTH_TIMEOUT,
            MAX_CHANNELS_PER_SESSION, CLUSTER, CLUSTER_MEMBERS, CLUSTER_K8S_SERVICE, CLUSTER_HOST, CLUSTER_PORT, CLUSTER_NAME);

    private final String flag;
    private final T defaultValue;
    private final Function<String, T> parse;
    private final Function<T, String> format;
    private final Function<TomlConfig, String> fromToml;
    private final List<Object> tomlPath;

    private Setting(String flag, T defaultValue, Function<String, T> parse, Function<T, String> format,
                    Function<TomlConfig, String> fromToml, Object... tomlPath) {
        this.flag = flag;
        this.defaultValue = defaultValue;
        this.parse = parse;
        this.format = format;
        this.fromToml = fromToml;
        this.tomlPath = List.of(tomlPath);
    }

    /** Every setting, in the order of {@code --help} and {@code describe()}. */
    public static List<Setting<?>> all() {
        return ALL;
    }

    /** The long flag name without dashes ({@code "max-startups"}); the key of the typed-flags map. */
    public String flag() {
        return flag;
    }

    /** {@code ALKNET_MAX_STARTUPS} for {@code --max-startups}. */
    public String envName() {
        return "ALKNET_" + flag.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    /** The TOML key, dotted ({@code "limits.max_startups"}). */
    public String tomlKey() {
        return TomlKeyLocator.dotted(tomlPath);
    }

    List<Object> tomlPath() {
        return tomlPath;
    }

    /** The default, or null when the server derives it (e.g. the host key under the data dir). */
    public T defaultValue() {
        return defaultValue;
    }

    /** Reads a value as typed in a flag, a variable or the file; throws IllegalArgumentException saying why not. */
    public T parse(String text) {
        return parse.apply(text.strip());
    }

    /** A value as text ({@code 30s}, {@code a,b}), e.g. for {@code describe()}. */
    public String format(T value) {
        return value == null ? null : format.apply(value);
    }

    /** The file's value as text (lists comma-separated), or null when the file does not set it. */
    String fromToml(TomlConfig toml) {
        return fromToml.apply(toml);
    }

    @Override
    public String toString() {
        return "--" + flag;
    }

    private static Setting<String> text(String flag, String def, Function<TomlConfig, String> toml, Object... path) {
        return new Setting<>(flag, def, v -> v, v -> v, toml, path);
    }

    private static Setting<Path> path(String flag, Path def, Function<TomlConfig, String> toml, Object... path) {
        return new Setting<>(flag, def, EffectiveSettings::expandHome, Path::toString, toml, path);
    }

    private static Setting<Boolean> bool(String flag, boolean def, Function<TomlConfig, Boolean> toml, Object... path) {
        return new Setting<>(flag, def, Setting::parseBoolean, Object::toString, t -> textOf(toml.apply(t)), path);
    }

    private static Setting<Integer> integer(String flag, int def, Function<TomlConfig, Integer> toml, Object... path) {
        return new Setting<>(flag, def, Setting::parseInteger, Object::toString, t -> textOf(toml.apply(t)), path);
    }

    private static Setting<Duration> duration(String flag, Duration def, Function<TomlConfig, String> toml, Object... path) {
        return new Setting<>(flag, def, DurationText::parse, DurationText::format, toml, path);
    }

    private static boolean parseBoolean(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default -> throw new IllegalArgumentException("'" + text + "' is not a boolean; use true or false");
        };
    }

    private static int parseInteger(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a whole number; write digits only, e.g. 100");
        }
    }

    private static List<String> split(String text) {
        return Arrays.stream(text.split(",")).map(String::strip).filter(x -> !x.isEmpty()).toList();
    }

    private static <E> String joined(List<E> values) {
        return String.join(",", values.stream().map(Objects::toString).toList());
    }

    private static String joinedText(List<String> values) {
        return values.isEmpty() ? null : String.join(",", values);
    }

    private static String textOf(Object value) {
        return value == null ? null : value.toString();
    }
}
