package alknet.config;

import alknet.api.ListenerOptions;
import alknet.api.ServeOptions;
import alknet.api.TlsFiles;
import alknet.api.Transport;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The listeners of a load (20-auth-config.md section 5): {@code --listen}/{@code ALKNET_LISTEN} (with the other
 * {@code [server]}-level settings) replaces the file's listeners; a file's {@code [server] listen} comes first, then
 * its {@code [[listeners]]}; with neither, the default {@code 0.0.0.0:22} tcp listener. Each becomes a
 * {@link ListenerOptions}, whose own checks apply; errors name where the listener was set.
 */
final class ListenersReader {
    private ListenersReader() {}

    static List<ListenerOptions> read(EffectiveSettings s) {
        SettingSource listenSource = s.source(Setting.LISTEN);
        List<TomlConfig.ListenerEntry> fromFile = s.file().toml().listeners();
        boolean primary = listenSource != SettingSource.DEFAULT || fromFile.isEmpty();
        List<ListenerOptions> out = new ArrayList<>();
        if (primary) {
            out.add(primary(s));
        } else {
            refuseDroppedListenerSettings(s);
        }
        if (listenSource == SettingSource.FILE || listenSource == SettingSource.DEFAULT) {
            for (int i = 0; i < fromFile.size(); i++) {
                out.add(entry(s, fromFile.get(i), i));
            }
        }
        Set<String> seen = new HashSet<>();
        for (ListenerOptions l : out) {
            if (!seen.add(l.host() + ":" + l.port())) {
                throw new ConfigException("listen address " + l.host() + ":" + l.port() + " is configured twice ([server]"
                        + " listen or --listen, and [[listeners]]); give each listener its own address");
            }
        }
        return out;
    }

    /**
     * With only {@code [[listeners]]} in the file there is no {@code --listen} listener, so a typed {@code --transport},
     * {@code --stealth} or {@code --ws-path} would reach nothing: say so instead of dropping it.
     */
    private static void refuseDroppedListenerSettings(EffectiveSettings s) {
        for (Setting<?> setting : List.of(Setting.TRANSPORT, Setting.STEALTH, Setting.WS_PATH)) {
            SettingSource source = s.source(setting);
            if (source == SettingSource.FLAG || source == SettingSource.ENV) {
                throw new ConfigException(s.origin(setting) + ": applies to the --listen listener, but the file's"
                        + " [[listeners]] define every listener; add --listen HOST:PORT, or set it in the [[listeners]]"
                        + " entries of " + s.file().source());
            }
        }
    }

    private static ListenerOptions primary(EffectiveSettings s) {
        Transport transport = s.get(Setting.TRANSPORT);
        boolean stealth = s.get(Setting.STEALTH);
        // Judged on the effective values, so stealth from the file plus --transport tls (or the reverse) is fine.
        if (stealth && transport != Transport.TLS) {
            throw new ConfigException(s.origin(Setting.STEALTH) + ": --stealth works only with transport tls, but the"
                    + " transport is " + transport.wireName() + " (" + s.origin(Setting.TRANSPORT) + "); add --transport tls"
                    + " --tls-cert FILE --tls-key FILE (or transport = \"tls\" and [server.tls] in the file), or switch"
                    + " stealth off");
        }
        String origin = s.origin(Setting.LISTEN);
        HostPort address = HostPort.parse(s.get(Setting.LISTEN), ServeOptions.DEFAULT_PORT, origin);
        return listener(origin, transport, address, tls(s.get(Setting.TLS_CERT), s.get(Setting.TLS_KEY)), stealth,
                s.get(Setting.WS_PATH));
    }

    /** A {@code [[listeners]]} entry; without its own tls table it uses the {@code [server.tls]}/--tls-* pair. */
    private static ListenerOptions entry(EffectiveSettings s, TomlConfig.ListenerEntry e, int index) {
        String where = s.file().where("listeners", index);
        Transport transport = Transport.parse(e.transport());
        boolean ownTls = e.tls().cert() != null || e.tls().key() != null;
        TlsFiles tls = ownTls ? tls(pathOrNull(e.tls().cert()), pathOrNull(e.tls().key()))
                : transport != Transport.TCP ? tls(s.get(Setting.TLS_CERT), s.get(Setting.TLS_KEY)) : null;
        HostPort address = HostPort.parse(e.listen(), ServeOptions.DEFAULT_PORT, where);
        return listener(where, transport, address, tls, Boolean.TRUE.equals(e.stealth()), e.wsPath());
    }

    private static ListenerOptions listener(String origin, Transport transport, HostPort address, TlsFiles tls,
                                            boolean stealth, String wsPath) {
        try {
            return new ListenerOptions(transport, address.host(), address.port(), tls, stealth,
                    transport == Transport.WS ? wsPath : null);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(origin + ": " + e.getMessage(), e);
        }
    }

    private static TlsFiles tls(Path cert, Path key) {
        return cert != null && key != null ? new TlsFiles(cert, key) : null;
    }

    private static Path pathOrNull(String value) {
        return value == null ? null : EffectiveSettings.expandHome(value);
    }
}
