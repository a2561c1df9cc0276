package alknet.config;

import alknet.config.TomlConfig.ListenerEntry;
import alknet.stream.TransportKind;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Settings that need a restart to change (20-auth-config.md section 5): listeners, host key, data dir, outbound
 * proxy, ops listen address, cluster; plus keepalive and drain timeout, which the server reads once at start.
 * Paths are resolved: {@code hostKey} defaults to {@code DATA_DIR/host_ed25519}. {@code proxy} is null when unset.
 */
public record StaticConfig(List<ListenerConfig> listeners, Path hostKey, Path dataDir, String proxy, String opsListen,
                           ClusterConfig cluster, Duration keepalive, Duration drainTimeout) {
    public static final String HOST_KEY_FILE = "host_ed25519";

    public StaticConfig {
        listeners = List.copyOf(listeners);
    }

    /**
     * Listeners: {@code --listen}/{@code ALKNET_LISTEN} (with the other {@code [server]}-level flags) replaces the
     * file's listeners; a file's {@code [server] listen} comes first, then its {@code [[listeners]]}; with neither,
     * the default {@code 0.0.0.0:22} tcp listener.
     */
    public static StaticConfig from(EffectiveSettings s) {
        Path dataDir = s.path(Setting.DATA_DIR).orElseThrow();
        return new StaticConfig(listeners(s), s.path(Setting.KEY).orElse(dataDir.resolve(HOST_KEY_FILE)), dataDir,
                s.text(Setting.PROXY).orElse(null), s.string(Setting.OPS_LISTEN), ClusterConfig.from(s),
                s.duration(Setting.KEEPALIVE), s.duration(Setting.DRAIN_TIMEOUT));
    }

    private static List<ListenerConfig> listeners(EffectiveSettings s) {
        SettingSource listenSource = s.source(Setting.LISTEN);
        List<ListenerEntry> fromFile = s.file().toml().listeners();
        List<ListenerConfig> out = new ArrayList<>();
        if (listenSource != SettingSource.DEFAULT || fromFile.isEmpty()) {
            out.add(primary(s));
        }
        if (listenSource == SettingSource.FILE || listenSource == SettingSource.DEFAULT) {
            for (int i = 0; i < fromFile.size(); i++) {
                out.add(entry(s, fromFile.get(i), i));
            }
        }
        Set<String> seen = new HashSet<>();
        for (ListenerConfig l : out) {
            if (!seen.add(l.listen())) {
                throw new ConfigException("listen address " + l.listen() + " is configured twice ([server] listen or"
                        + " --listen, and [[listeners]]); give each listener its own address");
            }
        }
        return out;
    }

    private static ListenerConfig primary(EffectiveSettings s) {
        // Judged on the effective values, so stealth from the file plus --transport tls (or the reverse) is fine.
        if (s.bool(Setting.STEALTH) && !"tls".equalsIgnoreCase(s.string(Setting.TRANSPORT))) {
            ResolvedSetting transport = s.get(Setting.TRANSPORT);
            throw new ConfigException(s.get(Setting.STEALTH).origin() + ": --stealth works only with transport tls, but the"
                    + " transport is " + transport.value() + " (" + transport.origin() + "); add --transport tls --tls-cert FILE"
                    + " --tls-key FILE (or transport = \"tls\" and [server.tls] in the file), or switch stealth off");
        }
        try {
            return new ListenerConfig(transport(s.string(Setting.TRANSPORT), s.get(Setting.TRANSPORT).origin()),
                    s.string(Setting.LISTEN), s.path(Setting.TLS_CERT).orElse(null), s.path(Setting.TLS_KEY).orElse(null),
                    s.bool(Setting.STEALTH), s.string(Setting.WS_PATH));
        } catch (ConfigException e) {
            throw new ConfigException(s.get(Setting.LISTEN).origin() + ": " + e.getMessage(), e);
        }
    }

    /** A {@code [[listeners]]} entry; without its own tls table it uses the {@code [server.tls]}/--tls-* pair. */
    private static ListenerConfig entry(EffectiveSettings s, ListenerEntry e, int index) {
        boolean ownTls = e.tls().cert() != null || e.tls().key() != null;
        boolean usesTls = !"tcp".equalsIgnoreCase(e.transport());
        Path cert = ownTls ? pathOrNull(e.tls().cert()) : usesTls ? s.path(Setting.TLS_CERT).orElse(null) : null;
        Path key = ownTls ? pathOrNull(e.tls().key()) : usesTls ? s.path(Setting.TLS_KEY).orElse(null) : null;
        String where = s.file().where("listeners", index);
        try {
            return new ListenerConfig(transport(e.transport(), where), e.listen(), cert, key,
                    Boolean.TRUE.equals(e.stealth()), e.wsPath());
        } catch (ConfigException ex) {
            throw new ConfigException(where + ": " + ex.getMessage(), ex);
        }
    }

    private static TransportKind transport(String name, String origin) {
        if (!TomlConfigChecks.LISTENER_TRANSPORTS.contains(name.toLowerCase(java.util.Locale.ROOT))) {
            throw new ConfigException(origin + ": unknown transport '" + name + "'; use tcp, tls or ws");
        }
        return TransportKind.parse(name);
    }

    private static Path pathOrNull(String value) {
        return value == null ? null : EffectiveSettings.expandHome(value);
    }
}
