package alknet.cluster;

import alknet.api.ConnectOptions;
import alknet.testsupport.AlknetProcess;
import alknet.testsupport.FreePorts;
import alknet.testsupport.OpsProbe;
import alknet.testsupport.PrometheusText;
import alknet.testsupport.SshKeyPair;
import alknet.testsupport.SshKeys;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Head processes ({@code java -jar alknet.jar serve}) forming one cluster on loopback (40-cluster-ops.md section 3),
 * configured through one real TOML file: one host key for all heads (workers pin one fingerprint), the keys the
 * tests log in with and their {@code [[auth.identities]]}, and {@code [cluster]} with the member list; each head gets
 * only its own ports and data directory as flags.
 */
final class HeadProcesses implements AutoCloseable {
    /** Many short-lived JVMs on a small machine: the C1 compiler alone, a small serial heap. */
    static final List<String> JVM_ARGS = List.of("-XX:+UseSerialGC", "-Xmx256m", "-XX:TieredStopAtLevel=1");
    static final Duration START = Duration.ofSeconds(90);
    static final String CLUSTER_NAME = "alknet-it";

    /** One head process: its SSH port, member port (the bus uses the next) and ops probe. */
    record Head(String name, int sshPort, int clusterPort, OpsProbe ops, AlknetProcess process) {
        String address() {
            return "127.0.0.1:" + sshPort;
        }

        double metric(String metric, String... labels) throws Exception {
            return PrometheusText.parse(ops.get("/metrics").body()).value(metric, labels);
        }

        @Override
        public String toString() {
            return "head " + name;
        }
    }

    final Path dir;
    final SshKeyPair hostKey;
    /** node:register with resources.node = ["*"]: every worker of the tests. */
    final SshKeyPair worker;
    /** Another identity with the same rights: may register any alias, but not one a live worker holds. */
    final SshKeyPair thief;
    /** node:register for alias "limited-1" only. */
    final SshKeyPair limited;
    /** In authorized_keys, no identities entry: the default scopes only. */
    final SshKeyPair unscoped;
    /** Calls and pub/sub, no registration. */
    final SshKeyPair caller;
    final Path config;
    private final List<Head> heads = new ArrayList<>();
    private final List<AlknetProcess> workers = new ArrayList<>();

    private HeadProcesses(Path dir) throws IOException {
        this.dir = dir;
        hostKey = SshKeys.generateEd25519(dir, "host_ed25519");
        worker = SshKeys.generateEd25519(dir, "worker_ed25519");
        thief = SshKeys.generateEd25519(dir, "thief_ed25519");
        limited = SshKeys.generateEd25519(dir, "limited_ed25519");
        unscoped = SshKeys.generateEd25519(dir, "unscoped_ed25519");
        caller = SshKeys.generateEd25519(dir, "caller_ed25519");
        SshKeys.writeAuthorizedKeys(dir.resolve("authorized_keys"), worker.publicKeyLine(), thief.publicKeyLine(),
                limited.publicKeyLine(), unscoped.publicKeyLine(), caller.publicKeyLine());
        config = dir.resolve("alknet.toml");
    }

    /** Starts {@code count} heads named a, b, c, ... and waits until every one sees all and is ready. */
    static HeadProcesses start(Path dir, int count) throws Exception {
        HeadProcesses cluster = new HeadProcesses(dir);
        try {
            int[] ssh = FreePorts.pick(count);
            int[] ops = FreePorts.pick(count);
            int[] member = new int[count];
            for (int i = 0; i < count; i++) {
                member[i] = FreePorts.pickPair();
            }
            cluster.writeConfig(member);
            for (int i = 0; i < count; i++) {
                cluster.startHead(String.valueOf((char) ('a' + i)), ssh[i], ops[i], member[i]);
            }
            for (Head head : cluster.heads) {
                head.process().awaitStderrLine("server listening", START);
            }
            cluster.awaitMembers(cluster.heads, count, START);
            for (Head head : cluster.heads) {
                head.ops().awaitStatus("/readyz", 200, START);
            }
            return cluster;
        } catch (Exception | Error e) {
            cluster.close();
            throw e;
        }
    }

    private void writeConfig(int[] memberPorts) throws IOException {
        String members = java.util.Arrays.stream(memberPorts).mapToObj(p -> "\"127.0.0.1:" + p + "\"")
                .collect(Collectors.joining(", "));
        // Every worker and caller of the tests comes from 127.0.0.1, where in production they come from many pod
        // addresses: the per-address limits are lifted so a failover of ~70 sessions at once is not throttled.
        Files.writeString(config, """
                [server]
                drain_timeout = "5s"

                [auth]
                host_key = "%s"
                authorized_keys = "%s"

                [[auth.identities]]
                key = "%s"
                scopes = ["node:register"]
                resources = { node = ["*"] }

                [[auth.identities]]
                key = "%s"
                scopes = ["node:register"]
                resources = { node = ["*"] }

                [[auth.identities]]
                key = "%s"
                scopes = ["node:register"]
                resources = { node = ["limited-1"] }

                [[auth.identities]]
                key = "%s"
                scopes = ["relay:connect", "pubsub:subscribe", "pubsub:publish"]

                [limits]
                max_connections_per_ip = 0
                max_startups = "400:30:800"
                max_startups_per_ip = 0

                [cluster]
                enabled = true
                members = [%s]
                host = "127.0.0.1"
                name = "%s"
                """.formatted(hostKey.privateKey(), dir.resolve("authorized_keys"), worker.publicKeyLine(),
                thief.publicKeyLine(), limited.publicKeyLine(), caller.publicKeyLine(), members, CLUSTER_NAME));
    }

    private void startHead(String name, int sshPort, int opsPort, int memberPort) {
        AlknetProcess process = AlknetProcess.builder().name("head-" + name).home(dir)
                .jvmArgs(JVM_ARGS.toArray(String[]::new))
                .args("serve", "--config", config.toString(), "--listen", "127.0.0.1:" + sshPort,
                        "--ops-listen", "127.0.0.1:" + opsPort, "--data-dir", dir.resolve("data-" + name).toString(),
                        "--cluster-port", String.valueOf(memberPort))
                .start();
        heads.add(new Head(name, sshPort, memberPort, new OpsProbe(opsPort), process));
    }

    List<Head> heads() {
        return List.copyOf(heads);
    }

    Head head(int index) {
        return heads.get(index);
    }

    /** Waits until each of {@code on} reports {@code members} in {@code alknet_cluster_members}. */
    void awaitMembers(List<Head> on, int members, Duration timeout) throws Exception {
        for (Head head : on) {
            head.ops().awaitMetric("alknet_cluster_members", v -> v == members, timeout);
        }
    }

    /** {@code order} as the list a client tries: the first head, then the others in order. */
    static String headList(List<Head> order) {
        return order.stream().map(Head::address).collect(Collectors.joining(","));
    }

    /** Client options for {@code key} to the heads in {@code order}, pinned to the heads' host key, no SOCKS5. */
    ConnectOptions connectOptions(SshKeyPair key, List<Head> order) {
        ConnectOptions options = new ConnectOptions().server("127.0.0.1", order.get(0).sshPort())
                .identity(key.privateKey()).user("it").knownHosts(dir.resolve("known_hosts"))
                .hostKeyFingerprint(hostKey.fingerprint()).noSocks5();
        order.subList(1, order.size()).forEach(h -> options.addFallbackServer("127.0.0.1", h.sshPort()));
        return options;
    }

    /**
     * {@code alknet worker} with {@code key} as {@code name} trying the heads in {@code order}; {@code hostName}
     * is its HOSTNAME, so {@code /NAME/node/info} tells which process answered.
     */
    AlknetProcess startWorker(String name, SshKeyPair key, List<Head> order, int heartbeatSeconds, String hostName) {
        AlknetProcess process = AlknetProcess.builder().name("worker-" + name).home(dir)
                .jvmArgs(JVM_ARGS.toArray(String[]::new)).env("HOSTNAME", hostName)
                .args("worker", "--head", headList(order), "--name", name, "--identity", key.privateKey().toString(),
                        "--user", "worker", "--host-key-fingerprint", hostKey.fingerprint(),
                        "--known-hosts", dir.resolve("known_hosts").toString(),
                        "--heartbeat", String.valueOf(heartbeatSeconds))
                .start();
        workers.add(process);
        return process;
    }

    /** The heads rotated so that {@code first} comes first: a worker's list that starts at a given head. */
    List<Head> startingAt(int first) {
        List<Head> order = new ArrayList<>();
        for (int i = 0; i < heads.size(); i++) {
            order.add(heads.get((first + i) % heads.size()));
        }
        return order;
    }

    /** Stops every process, then keeps their output in target/it-logs/ (for a failure's post-mortem). */
    @Override
    public void close() {
        workers.forEach(AlknetProcess::close);
        heads.forEach(h -> h.process().close());
        Path logs = Path.of("target", "it-logs", dir.getFileName().toString());
        try {
            Files.createDirectories(logs);
            for (AlknetProcess process : processes()) {
                Files.write(logs.resolve(process.toString().replaceAll("[^A-Za-z0-9._-]", "_") + ".log"),
                        process.stderrLines());
            }
        } catch (IOException e) {
            System.err.println("could not keep the processes' output in " + logs + ": " + e);
        }
    }

    private List<AlknetProcess> processes() {
        List<AlknetProcess> all = new ArrayList<>(workers);
        heads.forEach(h -> all.add(h.process()));
        return all;
    }
}
