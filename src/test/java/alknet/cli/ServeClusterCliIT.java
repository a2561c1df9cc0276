package alknet.cli;

import alknet.testsupport.AlknetProcess;
import alknet.testsupport.CoversOption;
import alknet.testsupport.FreePorts;
import alknet.testsupport.OpsProbe;
import alknet.testsupport.PrometheusText;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code alknet serve --cluster} through the real jar (40-cluster-ops.md sections 3-4): heads join by a TCP-IP member
 * list or by Kubernetes DNS discovery (a hosts file stands in for the cluster DNS), a head whose peers are down
 * serves but is not ready until one joins, and a member with another cluster name never joins.
 */
@Timeout(180)
class ServeClusterCliIT {
    private static final Duration JOIN = Duration.ofSeconds(40);

    @Test
    @CoversOption(command = "serve", option = "--cluster")
    @CoversOption(command = "serve", option = "--cluster-members")
    @CoversOption(command = "serve", option = "--cluster-host")
    @CoversOption(command = "serve", option = "--cluster-port")
    @CoversOption(command = "serve", option = "--cluster-name")
    void aLoneHeadIsNotReadyUntilAPeerJoinsAndAnotherClusterNameNeverJoins(@TempDir Path dir) throws Exception {
        List<AlknetProcess> heads = new ArrayList<>();
        try (CliFixture nodes = new CliFixture(dir)) {
            int portA = FreePorts.pickPair();
            int portB = FreePorts.pickPair();
            int portC = FreePorts.pickPair();
            String members = "127.0.0.1:" + portA + ",127.0.0.1:" + portB;
            Head a = head(nodes, heads, "a", "--cluster-members", members, "--cluster-port", String.valueOf(portA),
                    "--cluster-name", "alknet-it");
            a.ops.awaitStatus("/livez", 200, CliFixture.START);
            HttpResponse<String> alone = a.ops.get("/readyz");
            assertThat(alone.statusCode()).as("peers down: not ready").isEqualTo(503);
            assertThat(alone.body()).contains("cluster");
            assertThat(sshAnswers(a.sshPort)).as("a lone head still serves its own sessions").isTrue();

            Head stranger = head(nodes, heads, "c", "--cluster-members", "127.0.0.1:" + portA + ",127.0.0.1:" + portC,
                    "--cluster-port", String.valueOf(portC), "--cluster-name", "someone-else");
            stranger.ops.awaitStatus("/livez", 200, CliFixture.START);
            Thread.sleep(3_000); // long enough for a join attempt to A to have come and gone
            assertThat(members(a)).as("a member with another cluster name does not join").isEqualTo(1.0);
            assertThat(stranger.ops.get("/readyz").statusCode()).isEqualTo(503);

            Head b = head(nodes, heads, "b", "--cluster-members", members, "--cluster-port", String.valueOf(portB),
                    "--cluster-name", "alknet-it");
            a.ops.awaitStatus("/readyz", 200, JOIN);
            b.ops.awaitStatus("/readyz", 200, JOIN);
            assertThat(members(a)).isEqualTo(2.0);
            assertThat(members(stranger)).isEqualTo(1.0);
        } finally {
            heads.forEach(AlknetProcess::close);
        }
    }

    @Test
    @CoversOption(command = "serve", option = "--cluster-k8s-service")
    void headsFindEachOtherThroughAHeadlessServiceName(@TempDir Path dir) throws Exception {
        List<AlknetProcess> heads = new ArrayList<>();
        try (CliFixture nodes = new CliFixture(dir)) {
            Path hosts = dir.resolve("hosts");
            Files.writeString(hosts, "127.0.0.1 localhost\n127.0.0.1 " + InetAddress.getLocalHost().getHostName()
                    + "\n127.0.0.2 alknet-heads\n127.0.0.3 alknet-heads\n");
            int port = FreePorts.pickPair();
            String[] common = {"--cluster-k8s-service", "alknet-heads", "--cluster-port", String.valueOf(port)};
            Head x = head(nodes, heads, "k8s-x", hosts, concat(common, "--cluster-host", "127.0.0.2"));
            Head y = head(nodes, heads, "k8s-y", hosts, concat(common, "--cluster-host", "127.0.0.3"));
            x.ops.awaitMetric("alknet_cluster_members", v -> v == 2.0, JOIN);
            y.ops.awaitMetric("alknet_cluster_members", v -> v == 2.0, JOIN);
            x.ops.awaitStatus("/readyz", 200, JOIN);
        } finally {
            heads.forEach(AlknetProcess::close);
        }
    }

    /** One head process: its SSH port and ops probe. */
    private record Head(int sshPort, OpsProbe ops) {}

    private static Head head(CliFixture nodes, List<AlknetProcess> heads, String name, String... cluster) {
        return head(nodes, heads, name, null, cluster);
    }

    private static Head head(CliFixture nodes, List<AlknetProcess> heads, String name, Path hostsFile,
                             String... cluster) {
        int ssh = FreePorts.pick();
        int ops = FreePorts.pick();
        List<String> args = new ArrayList<>(nodes.serveArgs(ssh, "--ops-listen", "127.0.0.1:" + ops, "--cluster"));
        args.set(args.indexOf("--data-dir") + 1, nodes.dir.resolve("data-" + name).toString());
        args.addAll(List.of(cluster));
        AlknetProcess.Builder builder = AlknetProcess.builder().name("head-" + name).home(nodes.dir)
                .jvmArgs(CliFixture.JVM_ARGS.toArray(String[]::new)).args(args);
        if (hostsFile != null) {
            builder.jvmArgs(concat(CliFixture.JVM_ARGS.toArray(String[]::new), "-Djdk.net.hosts.file=" + hostsFile));
        }
        AlknetProcess process = builder.start();
        heads.add(process);
        process.awaitStderrLine("server listening", CliFixture.START);
        return new Head(ssh, new OpsProbe(ops));
    }

    private static double members(Head head) throws Exception {
        return PrometheusText.parse(head.ops.get("/metrics").body()).value("alknet_cluster_members");
    }

    /** The SSH identification line comes back: the listener accepts and the SSH interface answers. */
    private static boolean sshAnswers(int port) throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5_000);
            byte[] banner = socket.getInputStream().readNBytes(8);
            return new String(banner, java.nio.charset.StandardCharsets.US_ASCII).startsWith("SSH-2.0-");
        }
    }

    private static String[] concat(String[] first, String... more) {
        String[] all = java.util.Arrays.copyOf(first, first.length + more.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }
}
