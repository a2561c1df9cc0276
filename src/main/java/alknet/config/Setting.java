package alknet.config;

import alknet.api.Limits;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Every {@code serve} setting that a flag, an {@code ALKNET_<FLAG>} environment variable and a TOML key can all
 * set (10-tunnel.md section 3, 40-cluster-ops.md sections 3-4), with its built-in default.
 * A null default means "not set" (the server derives it, e.g. the host key under the data dir); a leading
 * {@code ~/} in a path means the user's home ({@link EffectiveSettings#path}).
 */
public enum Setting {
    LISTEN("listen", "0.0.0.0:22", t -> t.server().listen(), "server", "listen"),
    TRANSPORT("transport", "tcp", t -> t.server().transport(), "server", "transport"),
    STEALTH("stealth", "false", t -> text(t.server().stealth()), "server", "stealth"),
    TLS_CERT("tls-cert", null, t -> t.server().tls().cert(), "server", "tls", "cert"),
    TLS_KEY("tls-key", null, t -> t.server().tls().key(), "server", "tls", "key"),
    WS_PATH("ws-path", "/alknet", t -> t.server().wsPath(), "server", "ws_path"),
    PROXY("proxy", null, t -> t.server().proxy(), "server", "proxy"),
    OPS_LISTEN("ops-listen", "127.0.0.1:9090", t -> t.server().opsListen(), "server", "ops_listen"),
    DATA_DIR("data-dir", "~/.alknet", t -> t.server().dataDir(), "server", "data_dir"),
    DRAIN_TIMEOUT("drain-timeout", "2s", t -> t.server().drainTimeout(), "server", "drain_timeout"),
    KEEPALIVE("keepalive", "15s", t -> t.server().keepalive(), "server", "keepalive"),
    KEY("key", null, t -> t.auth().hostKey(), "auth", "host_key"),
    AUTHORIZED_KEYS("authorized-keys", null, t -> t.auth().authorizedKeys(), "auth", "authorized_keys"),
    CERT_AUTHORITY("cert-authority", null, t -> list(t.auth().certAuthorities()), "auth", "cert_authorities"),
    MAX_CONNECTIONS_PER_IP("max-connections-per-ip", String.valueOf(Limits.DEFAULT_MAX_CONNECTIONS_PER_IP),
            t -> text(t.limits().maxConnectionsPerIp()), "limits", "max_connections_per_ip"),
    MAX_AUTH_ATTEMPTS("max-auth-attempts", String.valueOf(Limits.DEFAULT_MAX_AUTH_ATTEMPTS),
            t -> text(t.limits().maxAuthAttempts()), "limits", "max_auth_attempts"),
    MAX_STARTUPS("max-startups", Limits.DEFAULT_STARTUPS.toString(),
            t -> text(t.limits().maxStartups()), "limits", "max_startups"),
    MAX_STARTUPS_PER_IP("max-startups-per-ip", String.valueOf(Limits.DEFAULT_MAX_STARTUPS_PER_IP),
            t -> text(t.limits().maxStartupsPerIp()), "limits", "max_startups_per_ip"),
    MAX_CHANNELS_PER_SESSION("max-channels-per-session", String.valueOf(Limits.DEFAULT_MAX_CHANNELS_PER_SESSION),
            t -> text(t.limits().maxChannelsPerSession()), "limits", "max_channels_per_session"),
    AUTH_TIMEOUT("auth-timeout", DurationText.format(Limits.DEFAULT_AUTH_TIMEOUT),
            t -> t.limits().authTimeout(), "limits", "auth_timeout"),
    CLUSTER("cluster", "false", t -> text(t.cluster().enabled()), "cluster", "enabled"),
    CLUSTER_MEMBERS("cluster-members", null, t -> list(t.cluster().members()), "cluster", "members"),
    CLUSTER_K8S_SERVICE("cluster-k8s-service", null, t -> t.cluster().k8sService(), "cluster", "k8s_service"),
    CLUSTER_HOST("cluster-host", null, t -> t.cluster().host(), "cluster", "host"),
    CLUSTER_NAME("cluster-name", "alknet", t -> t.cluster().name(), "cluster", "name");

    private final String flag;
    private final String defaultValue;
    private final Function<TomlConfig, String> fromToml;
    private final List<Object> tomlPath;

    Setting(String flag, String defaultValue, Function<TomlConfig, String> fromToml, Object... tomlPath) {
        this.flag = flag;
        this.defaultValue = defaultValue;
        this.fromToml = fromToml;
        this.tomlPath = List.of(tomlPath);
    }

    /** The long flag name without dashes ({@code "max-startups"}); the key of the explicit-flags map. */
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

    /** The built-in default as text, or null when the setting has none. */
    public String defaultValue() {
        return defaultValue;
    }

    /** The file's value as text (lists comma-separated), or null when the file does not set it. */
    String fromToml(TomlConfig toml) {
        return fromToml.apply(toml);
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    private static String list(List<String> values) {
        return values.isEmpty() ? null : String.join(",", values);
    }
}
