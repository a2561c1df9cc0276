package alknet.config;

import alknet.api.Limits;
import alknet.api.Startups;
import alknet.config.TomlConfig.ForwardingTable;
import alknet.config.TomlConfig.ListenRuleEntry;
import alknet.config.TomlConfig.ListenerEntry;
import alknet.config.TomlConfig.RuleEntry;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Value checks that Jackson's binding cannot do (durations, enumerations, required keys, limit ranges), so a
 * file with any bad value is rejected at load with the file and line of that value.
 */
final class TomlConfigChecks {
    static final Set<String> LISTENER_TRANSPORTS = Set.of("tcp", "tls", "ws");
    private static final Set<String> RULE_TRANSPORTS = Set.of("tcp", "tls", "ws", "relay");
    private static final Set<String> ACTIONS = Set.of("allow", "deny");

    private TomlConfigChecks() {
    }

    static void check(AlknetConfigFile file) {
        TomlConfig t = file.toml();
        duration(file, t.server().drainTimeout(), "server", "drain_timeout");
        duration(file, t.server().keepalive(), "server", "keepalive");
        duration(file, t.auth().token().maxTokenAge(), "auth", "token", "max_token_age");
        oneOf(file, t.server().transport(), LISTENER_TRANSPORTS, "server", "transport");
        for (int i = 0; i < t.auth().identities().size(); i++) {
            required(file, t.auth().identities().get(i).key(), "auth", "identities", i, "key");
        }
        listeners(file, t.listeners());
        forwarding(file, t.forwarding());
        limits(file, t.limits());
    }

    private static void listeners(AlknetConfigFile file, List<ListenerEntry> listeners) {
        for (int i = 0; i < listeners.size(); i++) {
            ListenerEntry l = listeners.get(i);
            required(file, l.listen(), "listeners", i, "listen");
            required(file, l.transport(), "listeners", i, "transport");
            oneOf(file, l.transport(), LISTENER_TRANSPORTS, "listeners", i, "transport");
            if (Boolean.TRUE.equals(l.stealth()) && !"tls".equalsIgnoreCase(l.transport())) {
                throw new ConfigException(file.where("listeners", i, "stealth")
                        + ": stealth works only with transport = \"tls\"; remove stealth or change the transport");
            }
        }
    }

    private static void forwarding(AlknetConfigFile file, ForwardingTable f) {
        oneOf(file, f.defaultAction(), ACTIONS, "forwarding", "default");
        for (int i = 0; i < f.rules().size(); i++) {
            RuleEntry r = f.rules().get(i);
            required(file, r.target(), "forwarding", "rules", i, "target");
            required(file, r.action(), "forwarding", "rules", i, "action");
            oneOf(file, r.action(), ACTIONS, "forwarding", "rules", i, "action");
            for (String kind : r.transports()) {
                oneOf(file, kind, RULE_TRANSPORTS, "forwarding", "rules", i, "transports");
            }
        }
        for (int i = 0; i < f.listenRules().size(); i++) {
            ListenRuleEntry r = f.listenRules().get(i);
            required(file, r.bind(), "forwarding", "listen_rules", i, "bind");
            required(file, r.action(), "forwarding", "listen_rules", i, "action");
            oneOf(file, r.action(), ACTIONS, "forwarding", "listen_rules", i, "action");
        }
    }

    /** Builds {@link Limits} from the file over the defaults, so its own range checks speak for the file. */
    private static void limits(AlknetConfigFile file, TomlConfig.LimitsTable l) {
        Duration authTimeout = duration(file, l.authTimeout(), "limits", "auth_timeout");
        Startups startups = Limits.DEFAULT_STARTUPS;
        if (l.maxStartups() instanceof Number || l.maxStartups() instanceof String) {
            try {
                startups = Startups.parse(String.valueOf(l.maxStartups()));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(file.where("limits", "max_startups") + ": " + e.getMessage(), e);
            }
        } else if (l.maxStartups() != null) {
            throw new ConfigException(file.where("limits", "max_startups") + ": expected a number or \"start:rate:full\","
                    + " e.g. 100 or \"30:30:100\"");
        }
        try {
            new Limits(l.maxConnectionsPerIp() != null ? l.maxConnectionsPerIp() : Limits.DEFAULT_MAX_CONNECTIONS_PER_IP,
                    l.maxAuthAttempts() != null ? l.maxAuthAttempts() : Limits.DEFAULT_MAX_AUTH_ATTEMPTS,
                    startups,
                    l.maxStartupsPerIp() != null ? l.maxStartupsPerIp() : Limits.DEFAULT_MAX_STARTUPS_PER_IP,
                    authTimeout != null ? authTimeout : Limits.DEFAULT_AUTH_TIMEOUT,
                    l.maxChannelsPerSession() != null ? l.maxChannelsPerSession() : Limits.DEFAULT_MAX_CHANNELS_PER_SESSION);
        } catch (IllegalArgumentException e) {
            // Limits' messages start with the flag name ("max-auth-attempts must be >= 1, got 0").
            String key = e.getMessage().split(" ", 2)[0].replace('-', '_');
            throw new ConfigException(file.where("limits", key) + ": " + e.getMessage(), e);
        }
    }

    private static Duration duration(AlknetConfigFile file, String text, Object... path) {
        return text == null ? null : DurationText.parse(text, file.where(path));
    }

    private static void required(AlknetConfigFile file, String value, Object... path) {
        if (value == null || value.isBlank()) {
            Object[] table = java.util.Arrays.copyOf(path, path.length - 1);
            throw new ConfigException(file.where(table) + ": missing key '" + path[path.length - 1]
                    + "'; every entry of this table needs it");
        }
    }

    private static void oneOf(AlknetConfigFile file, String value, Set<String> allowed, Object... path) {
        if (value != null && !allowed.contains(value.toLowerCase(Locale.ROOT))) {
            throw new ConfigException(file.where(path) + ": '" + value + "' is not allowed; use one of "
                    + String.join(", ", allowed.stream().sorted().toList()));
        }
    }
}
