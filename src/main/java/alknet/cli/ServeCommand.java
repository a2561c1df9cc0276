package alknet.cli;

import alknet.api.Alknet;
import alknet.api.AlknetServer;
import alknet.api.AlknetVertx;
import alknet.api.ClusterOptions;
import alknet.api.ServeOptions;
import alknet.config.ConfigLoader;
import io.vertx.core.Vertx;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code alknet serve} (10-tunnel.md section 3). Settings come from the flags typed, then {@code ALKNET_<FLAG>}
 * environment variables, then the {@code --config} TOML file, then the defaults (20-auth-config.md section 5);
 * picocli's fields are only read for flags that are not settings. SIGHUP reloads the configuration.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, versionProvider = Version.class, sortOptions = false,
        description = {"Run a server: SSH (public-key only) for tunnels, plus ops HTTP.",
                "The server never logs tunnel destinations. Without --key a host key is generated in --data-dir.",
                "Precedence: flag > environment variable ALKNET_<FLAG> > --config file > default.",
                "SIGHUP (or POST /admin/reload) reloads keys, policy and limits; other settings need a restart."})
public final class ServeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE",
            description = "TOML configuration file (env ALKNET_CONFIG); flags and environment variables override it.")
    String config;

    @Option(names = "--listen", paramLabel = "HOST:PORT",
            description = "Where SSH listens (default: 0.0.0.0:22; env ALKNET_LISTEN). Replaces the file's listeners.")
    String listen;

    @Option(names = "--transport", paramLabel = "tcp|tls|ws",
            description = "Listener transport (default: tcp; env ALKNET_TRANSPORT). tls = SSH inside TLS (needs --tls-cert and --tls-key); ws = SSH inside WebSocket frames.")
    String transport;

    @Option(names = "--tls-cert", paramLabel = "FILE",
            description = "TLS certificate chain, PEM (env ALKNET_TLS_CERT), for --transport tls.")
    String tlsCert;

    @Option(names = "--tls-key", paramLabel = "FILE",
            description = "TLS private key, PEM (env ALKNET_TLS_KEY), for --transport tls.")
    String tlsKey;

    @Option(names = "--ws-path", paramLabel = "PATH",
            description = "WebSocket path for --transport ws (default: /alknet; env ALKNET_WS_PATH). With --tls-cert/--tls-key it is wss.")
    String wsPath;

    @Option(names = "--stealth", negatable = true,
            description = {"TLS only: read the peer's first bytes before answering; anyone not speaking SSH gets an nginx-like 404"
                    + " (env ALKNET_STEALTH=true, file: stealth = true in [server]).",
                    "--no-stealth (or --stealth=false) switches off stealth that the environment or the file switched on."})
    boolean stealth; // read through typedFlags, like every setting

    @Option(names = "--proxy", paramLabel = "URL",
            description = "Send outbound tunnel connections through a proxy: socks5://[USER:PASS@]HOST:PORT or http://[USER:PASS@]HOST:PORT (HTTP CONNECT). Target names go to it unresolved (env ALKNET_PROXY).")
    String proxy;

    @Option(names = "--key", paramLabel = "FILE",
            description = "Host key, OpenSSH format (env ALKNET_KEY; default DATA_DIR/host_ed25519, generated on first run).")
    String key;

    @Option(names = "--authorized-keys", paramLabel = "FILE",
            description = "Public keys allowed to log in, authorized_keys format (env ALKNET_AUTHORIZED_KEYS; default DATA_DIR/authorized_keys).")
    String authorizedKeys;

    @Option(names = "--cert-authority", paramLabel = "FILE",
            description = "User-certificate CA public keys, one per line; certificates they sign log in (env ALKNET_CERT_AUTHORITY).")
    String certAuthority;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "State directory (default: ~/.alknet; env ALKNET_DATA_DIR).")
    String dataDir;

    @Option(names = "--max-connections-per-ip", paramLabel = "N",
            description = "Concurrent connections per client IP, checked before the SSH handshake; 0 = unlimited (default: 0).")
    String maxConnectionsPerIp;

    @Option(names = "--max-auth-attempts", paramLabel = "N",
            description = "Authentication requests per connection before it is closed (default: 10).")
    String maxAuthAttempts;

    @Option(names = "--max-startups", paramLabel = "N|START:RATE:FULL",
            description = "Unauthenticated connections at once, as OpenSSH's MaxStartups: from START on, new ones are refused with RATE%% probability rising to 100%% at FULL; N alone is a hard cap (default: 30:30:100).")
    String maxStartups;

    @Option(names = "--max-startups-per-ip", paramLabel = "N",
            description = "Unauthenticated connections per client IP at once, so one address cannot hold the startups; 0 = unlimited (default: 10).")
    String maxStartupsPerIp;

    @Option(names = "--max-channels-per-session", paramLabel = "N",
            description = "Tunnel channels one SSH session may have open at once; more are refused (default: 1024).")
    String maxChannelsPerSession;

    @Option(names = "--auth-timeout", paramLabel = "DURATION",
            description = "Close connections not authenticated within this time, e.g. 30s (default: 30s; bare number = seconds).")
    String authTimeout;

    @Option(names = "--keepalive", paramLabel = "DURATION",
            description = "keepalive@openssh.com interval; a client missing 3 in a row is dropped and its -R ports freed (default: 15s).")
    String keepalive;

    @Option(names = "--drain-timeout", paramLabel = "DURATION",
            description = "On SIGTERM, how long sessions may drain after SSH disconnect (default: 2s).")
    String drainTimeout;

    @Option(names = "--ops-listen", paramLabel = "HOST:PORT",
            description = "Ops HTTP: /livez /readyz /healthz /metrics /admin/reload (default: 127.0.0.1:9090). Keep it off the internet.")
    String opsListen;

    @Option(names = "--raw-listen", paramLabel = "HOST:PORT",
            description = "Token-authenticated call protocol without SSH (length-prefixed JSON; TLS when the first TLS listener's certificate exists); off unless set (env ALKNET_RAW_LISTEN).")
    String rawListen;

    @Option(names = "--max-frame", paramLabel = "BYTES",
            description = "Largest call-protocol frame; a larger length prefix closes the channel (default: 16777216).")
    String maxFrame;

    @Option(names = "--cluster", negatable = true,
            description = "Join the head cluster over Hazelcast (env ALKNET_CLUSTER; --no-cluster switches off what the file or environment switched on).")
    boolean cluster;

    @Option(names = "--cluster-members", paramLabel = "HOST:PORT,...",
            description = "Cluster members to join by TCP-IP, comma-separated (env ALKNET_CLUSTER_MEMBERS).")
    String clusterMembers;

    @Option(names = "--cluster-k8s-service", paramLabel = "NAME",
            description = "Find members through this Kubernetes headless Service's DNS (env ALKNET_CLUSTER_K8S_SERVICE).")
    String clusterK8sService;

    @Option(names = "--cluster-host", paramLabel = "ADDRESS",
            description = "Interface the member port binds to; keep it off the internet (env ALKNET_CLUSTER_HOST).")
    String clusterHost;

    @Option(names = "--cluster-port", paramLabel = "PORT",
            description = "The member port (default: 5701; env ALKNET_CLUSTER_PORT).")
    String clusterPort;

    @Option(names = "--cluster-name", paramLabel = "NAME",
            description = "Only members with this name join (default: alknet; never Hazelcast's 'dev'; env ALKNET_CLUSTER_NAME).")
    String clusterName;

    @Option(names = "--no-ops", description = "Do not start the ops HTTP endpoint (flag only: no environment variable or file key).")
    boolean noOps;

    @Mixin
    SshAlgorithmOptions algorithms = new SshAlgorithmOptions();

    @Override
    public Integer call() throws Exception {
        ServeOptions options = serveOptions(new ConfigLoader(typedFlags(spec.commandLine().getParseResult()),
                System.getenv(), this::commandLineOnly));
        Vertx vertx = options.cluster().enabled() ? joinCluster(options.cluster()) : AlknetVertx.create();
        ProcessLifecycle lifecycle = new ProcessLifecycle(vertx);
        AlknetServer server = lifecycle.startOrClose(Alknet.serve(vertx, options));
        lifecycle.onStop(server::close);
        lifecycle.onReload(server::reloadConfig); // failures are logged by the reload; the old config stays
        return lifecycle.await(options.drainTimeout().toSeconds() + 5);
    }

    /** Joins (or forms) the head cluster; a head whose peers are all down starts alone and reports not-ready. */
    private static Vertx joinCluster(ClusterOptions cluster) throws Exception {
        org.slf4j.LoggerFactory.getLogger("alknet.cluster").info("joining cluster name={} port={} members={}", cluster.name(), cluster.port(),
                cluster.k8sService() != null ? "k8s:" + cluster.k8sService() : String.join(",", cluster.members()));
        try {
            return AlknetVertx.createClustered(cluster).toCompletionStage().toCompletableFuture().get();
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    /** The options only flags set ({@code --ciphers}, {@code --allow-non-strict-kex}, {@code --no-ops}), on every load. */
    private ServeOptions commandLineOnly(ServeOptions options) {
        options.ciphers(algorithms.ciphers()).allowNonStrictKex(algorithms.allowNonStrictKex);
        return noOps ? options.disableOps() : options;
    }

    /** The options of a configuration load, carrying the loader as their source for reloads. */
    public static ServeOptions serveOptions(ConfigLoader loader) {
        return loader.load().options();
    }

    /**
     * Only the options the user typed, long name without dashes -> text as typed ({@code "max-startups" -> "50"}),
     * so an environment variable or the file is never shadowed by a picocli default. A boolean maps to the value
     * picocli parsed: {@code --stealth} and {@code --stealth=true} give "true", {@code --no-stealth} and
     * {@code --stealth=false} give "false", so a flag can switch off what the environment or the file switched on.
     */
    static Map<String, String> typedFlags(ParseResult parsed) {
        Map<String, String> flags = new LinkedHashMap<>();
        for (OptionSpec option : parsed.matchedOptions()) {
            flags.put(option.longestName().replaceFirst("^--?", ""), String.join(",", option.stringValues()));
        }
        return flags;
    }
}
