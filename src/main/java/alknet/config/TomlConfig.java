package alknet.config;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;
import java.util.Map;

/**
 * The TOML file as written (20-auth-config.md section 5), before defaults, flags and environment apply.
 * Scalars are null when the key is absent; lists are empty and tables are empty instances when absent.
 * Values stay text (durations, addresses, rules): {@link AlknetConfigFile} has already checked them,
 * {@link EffectiveSettings} layers them under flags and environment, and the policy engine converts the rules.
 */
public record TomlConfig(ServerTable server, AuthTable auth, LimitsTable limits, ForwardingTable forwarding,
                         List<ListenerEntry> listeners, ClusterTable cluster) {
    public static final TomlConfig EMPTY = new TomlConfig(null, null, null, null, null, null);

    public TomlConfig {
        server = server != null ? server : ServerTable.EMPTY;
        auth = auth != null ? auth : AuthTable.EMPTY;
        limits = limits != null ? limits : LimitsTable.EMPTY;
        forwarding = forwarding != null ? forwarding : ForwardingTable.EMPTY;
        listeners = listOf(listeners);
        cluster = cluster != null ? cluster : ClusterTable.EMPTY;
    }

    /** {@code [server]}: the primary listener and process-wide settings. */
    public record ServerTable(String listen, String transport, Boolean stealth, TlsTable tls, String wsPath,
                              String opsListen, String dataDir, String proxy, String drainTimeout, String keepalive,
                              String rawListen, Integer maxFrame) {
        public static final ServerTable EMPTY = new ServerTable(null, null, null, null, null, null, null, null, null, null,
                null, null);

        public ServerTable {
            tls = tls != null ? tls : TlsTable.EMPTY;
        }
    }

    /** {@code [server.tls]} and {@code [listeners.tls]}: PEM files. */
    public record TlsTable(String cert, String key) {
        public static final TlsTable EMPTY = new TlsTable(null, null);
    }

    /** {@code [auth]}. {@code cert_authorities} may be one file or a list of files. */
    public record AuthTable(String hostKey, String authorizedKeys,
                            @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<String> certAuthorities,
                            List<String> defaultScopes, List<IdentityEntry> identities, TokenTable token) {
        public static final AuthTable EMPTY = new AuthTable(null, null, null, null, null, null);

        /** {@code defaultScopes} stays null when absent: then the built-in ["relay:connect"] applies (section 1). */
        public AuthTable {
            certAuthorities = listOf(certAuthorities);
            defaultScopes = defaultScopes == null ? null : List.copyOf(defaultScopes);
            identities = listOf(identities);
            token = token != null ? token : TokenTable.EMPTY;
        }
    }

    /** {@code [[auth.identities]]}: scopes and resources for one public key (an OpenSSH public key line). */
    public record IdentityEntry(String key, List<String> scopes, Map<String, List<String>> resources) {
        public IdentityEntry {
            scopes = listOf(scopes);
            resources = resources == null ? Map.of() : Map.copyOf(resources);
        }
    }

    /** {@code [auth.token]}; {@code keys} is an authorized_keys-format file of a separate token key set. */
    public record TokenTable(Boolean enabled, String maxTokenAge, String keys) {
        public static final TokenTable EMPTY = new TokenTable(null, null, null);
    }

    /** {@code [limits]}. */
    public record LimitsTable(Integer maxConnectionsPerIp, Integer maxAuthAttempts, Object maxStartups,
                              Integer maxStartupsPerIp, String authTimeout, Integer maxChannelsPerSession) {
        public static final LimitsTable EMPTY = new LimitsTable(null, null, null, null, null, null);
    }

    /** {@code [forwarding]}; {@code default} is "allow" or "deny" (null when absent). */
    public record ForwardingTable(@JsonProperty("default") String defaultAction, List<RuleEntry> rules,
                                  List<ListenRuleEntry> listenRules) {
        public static final ForwardingTable EMPTY = new ForwardingTable(null, null, null);

        public ForwardingTable {
            rules = listOf(rules);
            listenRules = listOf(listenRules);
        }
    }

    /** {@code [[forwarding.rules]]}, kept as text for the policy engine. */
    public record RuleEntry(String target, String action, List<String> principals, List<String> transports) {
        public RuleEntry {
            principals = listOf(principals);
            transports = listOf(transports);
        }
    }

    /** {@code [[forwarding.listen_rules]]}, kept as text for the policy engine. */
    public record ListenRuleEntry(String bind, String action, List<String> principals) {
        public ListenRuleEntry {
            principals = listOf(principals);
        }
    }

    /** {@code [[listeners]]}: one more listener sharing auth, policy and limits. */
    public record ListenerEntry(String transport, String listen, TlsTable tls, Boolean stealth, String wsPath) {
        public ListenerEntry {
            tls = tls != null ? tls : TlsTable.EMPTY;
        }
    }

    /** {@code [cluster]} (40-cluster-ops.md section 3); {@code members} may be one string or a list. */
    public record ClusterTable(Boolean enabled,
                               @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<String> members,
                               String k8sService, String host, Integer port, String name) {
        public static final ClusterTable EMPTY = new ClusterTable(null, null, null, null, null, null);

        public ClusterTable {
            members = listOf(members);
        }
    }

    private static <T> List<T> listOf(List<T> list) {
        return list == null ? List.of() : List.copyOf(list);
    }
}
