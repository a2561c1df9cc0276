package alknet.cli;

import alknet.api.Alknet;
import alknet.api.AlknetVertx;
import alknet.api.AlknetWorker;
import alknet.api.CallErrorCode;
import alknet.api.CallFailure;
import alknet.api.ConnectOptions;
import alknet.api.Transport;
import alknet.api.WorkerOptions;
import alknet.client.AuthenticationRefusedException;
import alknet.client.HostKeyMismatchException;
import alknet.config.HostPort;
import io.vertx.core.Vertx;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;

/** {@code alknet worker} (40-cluster-ops.md sections 1-2). */
@Command(name = "worker", mixinStandardHelpOptions = true, versionProvider = Version.class, sortOptions = false,
        description = {"Serve this node's operations through a head as /NAME/service/op.",
                "Registers /node/info, /node/ping (and what an embedding application adds)",
                "with the head, heartbeats, and registers again after every reconnect. The",
                "heads are tried in order, then again with backoff (1, 2, 4, 8, 16 s, then",
                "every 30 s). The identity needs scope node:register and the name in",
                "resources.node (authorized_keys options on the head). SIGTERM or Ctrl-C",
                "stops it (exit 0); another worker of the same identity taking the name",
                "over stops it (exit 1)."})
public final class WorkerCommand implements Callable<Integer> {
    @Option(names = "--head", paramLabel = "HOST[:PORT][,HOST[:PORT]...]", defaultValue = "${env:ALKNET_HEAD}",
            description = "The heads, tried in order (env ALKNET_HEAD; port defaults to 22, or 443 for tls and ws)."
                    + " Heads behind one Service share a host key: --host-key-fingerprint then pins it for all.")
    String head;

    @Option(names = "--name", paramLabel = "ALIAS",
            description = "The name the operations are registered under: 1-63 letters, digits, '.', '_', '-'; not head,"
                    + " node or services (default: env POD_NAME, then env HOSTNAME).")
    String name;

    @Option(names = "--heartbeat", paramLabel = "SECONDS", defaultValue = "${env:ALKNET_HEARTBEAT:-10}",
            description = "Tell the head this often that the worker lives, 1-60 (default: ${DEFAULT-VALUE}); the head drops"
                    + " a worker after 3 missed beats.")
    long heartbeat;

    @Mixin
    SessionOptions session = new SessionOptions();

    private final AtomicBoolean failed = new AtomicBoolean();

    @Override
    public Integer call() throws Exception {
        WorkerOptions options = buildOptions(System.getenv());
        Vertx vertx = AlknetVertx.create();
        ProcessLifecycle lifecycle = new ProcessLifecycle(vertx);
        AlknetWorker worker = lifecycle.startOrClose(Alknet.worker(vertx, options));
        lifecycle.onStop(worker::close);
        worker.fatal().onFailure(e -> fail(lifecycle, e));
        return lifecycle.await(5);
    }

    private void fail(ProcessLifecycle lifecycle, Throwable e) {
        if (!failed.compareAndSet(false, true)) {
            return;
        }
        System.err.println("alknet: " + (e instanceof CallFailure f ? f.code() + ": " + f.getMessage() : e.getMessage()));
        lifecycle.stop(exitCode(e));
    }

    /** 3 for a refused login or host key, 2 when the head refused the name or operations as invalid, else 1. */
    static int exitCode(Throwable e) {
        if (e instanceof HostKeyMismatchException || e instanceof AuthenticationRefusedException) {
            return ExitCodes.AUTH_REFUSED;
        }
        if (e instanceof CallFailure f && f.is(CallErrorCode.VALIDATION_ERROR)) {
            return ExitCodes.USAGE;
        }
        return ExitCodes.FAILURE;
    }

    WorkerOptions buildOptions(Map<String, String> env) {
        if (head == null || head.isBlank()) {
            throw new IllegalArgumentException("missing --head HOST[:PORT][,HOST[:PORT]...] (or env ALKNET_HEAD)");
        }
        if (heartbeat < 1 || heartbeat > 60) {
            throw new IllegalArgumentException("--heartbeat must be 1-60 seconds, got " + heartbeat);
        }
        String alias = workerName(env);
        List<String> entries = Arrays.stream(head.split(",")).map(String::strip).toList();
        if (entries.stream().anyMatch(String::isEmpty)) {
            throw new IllegalArgumentException("--head '" + head + "': empty entry; separate heads with single commas");
        }
        int defaultPort = session.transport() == Transport.TCP ? 22 : 443;
        List<HostPort> heads = entries.stream().map(e -> HostPort.parse(e, defaultPort, "--head")).toList();
        ConnectOptions connect = session.toConnectOptions(heads.get(0).toString(), "--head");
        heads.subList(1, heads.size()).forEach(fallback -> connect.addFallbackServer(fallback.host(), fallback.port()));
        return new WorkerOptions().connect(connect).name(alias).heartbeat(Duration.ofSeconds(heartbeat));
    }

    /** {@code --name}, else the Kubernetes pod name (downward API), else the host name. */
    private String workerName(Map<String, String> env) {
        for (String candidate : new String[] {name, env.get("POD_NAME"), env.get("HOSTNAME")}) {
            if (candidate != null && !candidate.isBlank()) {
                return WorkerOptions.checkName(candidate);
            }
        }
        throw new IllegalArgumentException("missing --name ALIAS: give it, or set env POD_NAME (Kubernetes downward API)"
                + " or HOSTNAME");
    }
}
