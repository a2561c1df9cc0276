package alknet.cli;

import alknet.api.Alknet;
import alknet.api.AlknetServer;
import alknet.api.AlknetVertx;
import alknet.api.ServeOptions;
import alknet.config.Limits;
import io.vertx.core.Vertx;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code alknet serve} (10-tunnel.md section 3). Every flag also reads {@code ALKNET_<FLAG>} from the environment. */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run a server: SSH (public-key only) for tunnels, plus ops HTTP.",
                "The server never logs tunnel destinations. Without --key a host key is generated in --data-dir."})
public final class ServeCommand implements Callable<Integer> {
    @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "${env:ALKNET_LISTEN:-0.0.0.0:22}",
            description = "Where SSH listens (default: ${DEFAULT-VALUE}; env ALKNET_LISTEN).")
    String listen;

    @Option(names = "--transport", paramLabel = "tcp", defaultValue = "${env:ALKNET_TRANSPORT:-tcp}",
            description = "Listener transport (default: ${DEFAULT-VALUE}). tls and ws come in a later release.")
    String transport;

    @Option(names = "--key", paramLabel = "FILE", defaultValue = "${env:ALKNET_KEY}",
            description = "Host key, OpenSSH format (env ALKNET_KEY; default DATA_DIR/host_ed25519, generated on first run).")
    Path key;

    @Option(names = "--authorized-keys", paramLabel = "FILE", defaultValue = "${env:ALKNET_AUTHORIZED_KEYS}",
            description = "Public keys allowed to log in, authorized_keys format (env ALKNET_AUTHORIZED_KEYS; default DATA_DIR/authorized_keys).")
    Path authorizedKeys;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "${env:ALKNET_DATA_DIR:-${sys:user.home}/.alknet}",
            description = "State directory (default: ${DEFAULT-VALUE}; env ALKNET_DATA_DIR).")
    Path dataDir;

    @Option(names = "--max-connections-per-ip", paramLabel = "N", defaultValue = "${env:ALKNET_MAX_CONNECTIONS_PER_IP:-0}",
            description = "Concurrent connections per client IP, checked before the SSH handshake; 0 = unlimited (default: ${DEFAULT-VALUE}).")
    int maxConnectionsPerIp;

    @Option(names = "--max-auth-attempts", paramLabel = "N", defaultValue = "${env:ALKNET_MAX_AUTH_ATTEMPTS:-10}",
            description = "Authentication requests per connection before it is closed (default: ${DEFAULT-VALUE}).")
    int maxAuthAttempts;

    @Option(names = "--max-startups", paramLabel = "N", defaultValue = "${env:ALKNET_MAX_STARTUPS:-100}",
            description = "Unauthenticated connections at once; more are refused (default: ${DEFAULT-VALUE}).")
    int maxStartups;

    @Option(names = "--auth-timeout", paramLabel = "SECONDS", defaultValue = "${env:ALKNET_AUTH_TIMEOUT:-30}",
            description = "Close connections not authenticated within this time (default: ${DEFAULT-VALUE}).")
    long authTimeout;

    @Option(names = "--keepalive", paramLabel = "SECONDS", defaultValue = "${env:ALKNET_KEEPALIVE:-15}",
            description = "keepalive@openssh.com interval; a client missing 3 in a row is dropped and its -R ports freed (default: ${DEFAULT-VALUE}).")
    long keepalive;

    @Option(names = "--drain-timeout", paramLabel = "SECONDS", defaultValue = "${env:ALKNET_DRAIN_TIMEOUT:-2}",
            description = "On SIGTERM, how long sessions may drain after SSH disconnect (default: ${DEFAULT-VALUE}).")
    long drainTimeout;

    @Option(names = "--ops-listen", paramLabel = "HOST:PORT", defaultValue = "${env:ALKNET_OPS_LISTEN:-127.0.0.1:9090}",
            description = "Ops HTTP: /livez /readyz /healthz /metrics (default: ${DEFAULT-VALUE}). Keep it off the internet.")
    String opsListen;

    @Option(names = "--no-ops", description = "Do not start the ops HTTP endpoint.")
    boolean noOps;

    @Mixin
    SshAlgorithmOptions algorithms = new SshAlgorithmOptions();

    @Override
    public Integer call() throws Exception {
        if (!"tcp".equalsIgnoreCase(transport)) {
            throw new IllegalArgumentException("--transport " + transport + " is not available yet; use --transport tcp");
        }
        HostPort sshAddress = HostPort.parse(listen, ServeOptions.DEFAULT_PORT, "--listen");
        ServeOptions options = new ServeOptions()
                .dataDir(dataDir)
                .hostKey(key)
                .authorizedKeys(authorizedKeys)
                .listen(sshAddress.host(), sshAddress.port())
                .limits(new Limits(maxConnectionsPerIp, maxAuthAttempts, maxStartups, Duration.ofSeconds(authTimeout)))
                .keepalive(Duration.ofSeconds(keepalive))
                .drainTimeout(Duration.ofSeconds(drainTimeout))
                .ciphers(algorithms.ciphers())
                .allowNonStrictKex(algorithms.allowNonStrictKex);
        if (noOps) {
            options.disableOps();
        } else {
            HostPort ops = HostPort.parse(opsListen, ServeOptions.DEFAULT_OPS_PORT, "--ops-listen");
            options.ops(ops.host(), ops.port());
        }
        Vertx vertx = AlknetVertx.create();
        ProcessLifecycle lifecycle = new ProcessLifecycle(vertx);
        AlknetServer server = lifecycle.startOrClose(Alknet.serve(vertx, options));
        lifecycle.onStop(server::close);
        return lifecycle.await(drainTimeout + 5);
    }
}
