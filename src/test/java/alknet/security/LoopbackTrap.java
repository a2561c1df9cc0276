package alknet.security;

import alknet.testsupport.AlknetProcess;
import alknet.testsupport.DestinationFreeLogs;
import alknet.testsupport.EchoServer;
import alknet.testsupport.FreePorts;
import alknet.testsupport.LogCollector;
import alknet.testsupport.OpenSshClient;
import alknet.testsupport.Payloads;
import alknet.testsupport.SinkServer;
import alknet.testsupport.Sockets;
import alknet.testsupport.Socks5TestClient;
import alknet.testsupport.TunnelDestinations;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The world of acceptance 2: {@code alknet serve --config} with a policy that denies 127.0.0.0/8 and ::1 (default
 * allow); a trap listening on every local address ({@code [::]}, so 127.x.y.z and ::1 too) on one port that records
 * any connection; a control echo on a non-loopback address of this host (allowed by the policy); the real
 * {@code ssh -D} and an {@code alknet connect} SOCKS5 proxy, both kept up. Each {@code assert*} fails if the trap
 * was ever reached.
 */
final class LoopbackTrap implements AutoCloseable {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Pattern SOCKS_LINE = Pattern.compile("SOCKS5 proxy on 127\\.0\\.0\\.1:(\\d+)");
    private static final String POLICY = """
            [forwarding]
            default = "allow"

            [[forwarding.rules]]
            target = "127.0.0.0/8"
            action = "deny"

            [[forwarding.rules]]
            target = "[::1]"
            action = "deny"
            """;

    private final SinkServer trap;
    private final EchoServer control;
    private final ServeProcess server;
    private final OpenSshClient dynamic;
    private final Path controlPath;
    private final int openSshSocks;
    private final AlknetProcess alknetClient;
    private final int alknetSocks;

    private LoopbackTrap(SinkServer trap, EchoServer control, ServeProcess server, OpenSshClient dynamic,
                         Path controlPath, int openSshSocks, AlknetProcess alknetClient, int alknetSocks) {
        this.trap = trap;
        this.control = control;
        this.server = server;
        this.dynamic = dynamic;
        this.controlPath = controlPath;
        this.openSshSocks = openSshSocks;
        this.alknetClient = alknetClient;
        this.alknetSocks = alknetSocks;
    }

    static LoopbackTrap start() throws Exception {
        List<AutoCloseable> started = new ArrayList<>();
        try {
            SinkServer trap = add(started, SinkServer.start(InetAddress.getByName("::")));
            InetAddress controlAddress = nonLoopbackAddress();
            EchoServer control = add(started, EchoServer.start(controlAddress));
            TunnelDestinations.record("127.0.0.1", trap.port());
            TunnelDestinations.record("::1", trap.port());
            TunnelDestinations.record(controlAddress.getHostAddress(), control.port());
            Path config = Files.createTempFile("alknet-loopback-policy-", ".toml");
            Files.writeString(config, POLICY);
            ServeProcess server = add(started, ServeProcess.start("serve-loopback-policy", "--config", config.toString()));
            // One ssh is the SOCKS5 proxy (-D) and the control master: each ssh -W then runs over its session
            // (OpenSSH multiplexing) instead of paying a key exchange, so many spellings take seconds.
            int openSshSocks = FreePorts.pick();
            Path controlPath = server.dir().resolve("mux");
            OpenSshClient dynamic = add(started, server.ssh().option("ControlMaster", "yes")
                    .option("ControlPath", controlPath.toString()).args("-N", "-D", "127.0.0.1:" + openSshSocks).start());
            dynamic.waitForPort(openSshSocks);
            awaitFile(controlPath);
            AlknetProcess alknetClient = add(started, server.client("connect-loopback-policy",
                    "--socks5", "127.0.0.1:0").start());
            int alknetSocks = Integer.parseInt(alknetClient.stderr().awaitMatch(SOCKS_LINE, WAIT).group(1));
            alknetClient.awaitStderrLine("session up", WAIT);
            return new LoopbackTrap(trap, control, server, dynamic, controlPath, openSshSocks, alknetClient,
                    alknetSocks);
        } catch (Exception | Error e) {
            Collections.reverse(started);
            for (AutoCloseable c : started) {
                c.close();
            }
            throw e;
        }
    }

    private static void awaitFile(Path file) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!Files.exists(file)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("ssh control socket " + file + " never appeared");
            }
            Thread.sleep(20);
        }
    }

    private static <T extends AutoCloseable> T add(List<AutoCloseable> started, T resource) {
        started.add(resource);
        return resource;
    }

    /** A non-loopback, non-link-local address of this host (IPv4 preferred): the allowed control target. */
    private static InetAddress nonLoopbackAddress() throws SocketException {
        List<InetAddress> candidates = new ArrayList<>();
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nic.isUp() || nic.isLoopback()) {
                continue;
            }
            for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                if (!a.isLoopbackAddress() && !a.isLinkLocalAddress() && !a.isAnyLocalAddress()) {
                    candidates.add(a instanceof Inet6Address v6 ? stripScope(v6) : a);
                }
            }
        }
        candidates.sort((x, y) -> Boolean.compare(x instanceof Inet6Address, y instanceof Inet6Address));
        if (candidates.isEmpty()) {
            throw new org.opentest4j.TestAbortedException("this host has no non-loopback address for the control row");
        }
        return candidates.get(0);
    }

    private static InetAddress stripScope(Inet6Address a) {
        try {
            return InetAddress.getByAddress(a.getAddress());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    int trapPort() {
        return trap.port();
    }

    ServeProcess server() {
        return server;
    }

    /**
     * {@code ssh -W spelling:trap} over the control master's session is refused (ssh exits 255, "Session open
     * refused by peer") and reaches nothing.
     */
    void assertRefusedThroughStdio(LoopbackSpellings.Spelling spelling) {
        try (OpenSshClient ssh = server.ssh().option("ControlPath", controlPath.toString())
                .args("-W", spelling.bracketed() + ":" + trap.port()).start()) {
            assertStdioRefused(ssh, spelling, "Session open refused by peer");
        }
        assertTrapUntouched("ssh -W " + spelling);
    }

    /** The same with a session of its own (key exchange, login, one direct-tcpip open). */
    void assertRefusedThroughStandaloneStdio(LoopbackSpellings.Spelling spelling) {
        try (OpenSshClient ssh = server.ssh().args("-W", spelling.bracketed() + ":" + trap.port()).start()) {
            assertStdioRefused(ssh, spelling, "open failed: administratively prohibited");
        }
        assertTrapUntouched("ssh -W " + spelling);
    }

    private static void assertStdioRefused(OpenSshClient ssh, LoopbackSpellings.Spelling spelling, String message) {
        int exit = ssh.exitCode(WAIT);
        String stderr = ssh.stderr().text();
        assertThat(exit).as("ssh -W %s exit code; stderr:\n%s", spelling, stderr).isEqualTo(255);
        assertThat(stderr).as("ssh -W %s", spelling).contains(message);
    }

    /** One {@code ssh -L} per spelling, all in one ssh: each local connection is closed without data. */
    void assertRefusedThroughLocalForwards(List<LoopbackSpellings.Spelling> spellings) throws IOException {
        int[] ports = FreePorts.pick(spellings.size());
        List<String> args = new ArrayList<>(List.of("-N"));
        for (int i = 0; i < spellings.size(); i++) {
            args.add("-L");
            args.add("127.0.0.1:" + ports[i] + ":" + spellings.get(i).bracketed() + ":" + trap.port());
        }
        try (OpenSshClient ssh = server.ssh().args(args.toArray(String[]::new)).start()) {
            ssh.waitForPort(ports[ports.length - 1], WAIT);
            for (int i = 0; i < spellings.size(); i++) {
                ssh.waitForPort(ports[i], WAIT);
                try (Socket local = Sockets.connect(ports[i])) {
                    assertThat(bytesBeforeClose(local)).as("bytes through ssh -L to %s", spellings.get(i)).isZero();
                }
            }
            long refused = ssh.stderr().lines().stream().filter(l -> l.contains("open failed")).count();
            assertThat(refused).as("open failures ssh reported; stderr:\n" + ssh.stderr().text())
                    .isEqualTo(spellings.size());
            assertThat(ssh.isAlive()).as("the ssh -L session outlives every refusal").isTrue();
        }
        assertTrapUntouched("ssh -L");
    }

    /**
     * The real {@code ssh -D} with the spelling as a SOCKS5 domain (ATYP 3) and, for IPv6 text, as a 16-byte
     * address (ATYP 4). OpenSSH answers success before it opens the channel; the refusal then closes the
     * connection with no data.
     */
    void assertRefusedThroughOpenSshSocks(LoopbackSpellings.Spelling spelling) throws IOException {
        assertSocksRefused(openSshSocks, Socks5TestClient.connectRequest(spelling.text(), trap.port()),
                "ssh -D domain " + spelling);
        if (spelling.ipv6()) {
            assertSocksRefused(openSshSocks, ipv6Request(spelling.meant(), trap.port()), "ssh -D ipv6 " + spelling);
        }
        assertThat(dynamic.isAlive()).isTrue();
    }

    /** The alknet client's SOCKS5: domain ATYP, and the 16-byte ATYP for IPv6 text; a failure reply, no data. */
    void assertRefusedThroughAlknetSocks(LoopbackSpellings.Spelling spelling) throws IOException {
        assertSocksRefused(alknetSocks, Socks5TestClient.connectRequest(spelling.text(), trap.port()),
                "alknet SOCKS5 domain " + spelling);
        if (spelling.ipv6()) {
            assertSocksRefused(alknetSocks, ipv6Request(spelling.meant(), trap.port()),
                    "alknet SOCKS5 ipv6 " + spelling);
        } else if (spelling.meant().length == 4) {
            assertSocksRefused(alknetSocks, Socks5TestClient.request(Socks5TestClient.CMD_CONNECT,
                    Socks5TestClient.ATYP_IPV4, spelling.meant(), trap.port()), "alknet SOCKS5 ipv4 " + spelling);
        }
        assertThat(alknetClient.isAlive()).isTrue();
    }

    /** The allowed control target works through every path: a refusal above is the policy, not a broken path. */
    void assertControlWorksEverywhere() throws Exception {
        String host = control.address().getHostAddress();
        String hostPort = (control.address() instanceof Inet4Address ? host : "[" + host + "]") + ":" + control.port();
        byte[] payload = Payloads.random(4096, 77);
        try (OpenSshClient ssh = server.ssh().args("-W", hostPort).start()) {
            assertThat(stdioExchange(ssh, payload)).as("ssh -W control").isEqualTo(payload);
        }
        int local = FreePorts.pick();
        try (OpenSshClient ssh = server.ssh().args("-N", "-L", "127.0.0.1:" + local + ":" + hostPort).start();) {
            ssh.waitForPort(local, WAIT);
            try (Socket s = Sockets.connect(local)) {
                assertThat(Sockets.exchange(s, payload, WAIT)).as("ssh -L control").isEqualTo(payload);
            }
        }
        for (int socks : new int[] {openSshSocks, alknetSocks}) {
            try (Socket s = Socks5TestClient.to(socks).connect(host, control.port())) {
                assertThat(Sockets.exchange(s, payload, WAIT)).as("SOCKS5 domain control via %d", socks)
                        .isEqualTo(payload);
            }
            try (Socket s = Socks5TestClient.to(socks).connect(control.address(), control.port())) {
                assertThat(Sockets.exchange(s, payload, WAIT)).as("SOCKS5 address control via %d", socks)
                        .isEqualTo(payload);
            }
        }
        assertThat(control.acceptedConnections()).isGreaterThanOrEqualTo(6);
    }

    void assertTrapUntouched(String after) {
        assertThat(trap.acceptedConnections()).as("connections that reached the loopback trap after %s", after)
                .isZero();
    }

    /** No server or client line since {@code mark} names the trap or control port, or a target. */
    void assertLogsNameNoDestination(int mark) {
        List<String> lines = LogCollector.linesSince(mark);
        DestinationFreeLogs.assertNone(DestinationFreeLogs.strictLeaks(lines, TunnelDestinations.all().stream()
                .filter(d -> d.port() == trap.port() || d.port() == control.port()).toList(), List.of()),
                "while loopback spellings were refused");
    }

    private static void assertSocksRefused(int proxy, byte[] request, String what) throws IOException {
        Socks5TestClient.Result result = Socks5TestClient.to(proxy).timeout(WAIT).attempt(request);
        if (result.succeeded()) {
            try (Socket s = result.socket()) {
                assertThat(bytesBeforeClose(s)).as("%s: bytes after the optimistic reply", what).isZero();
            }
        } else {
            assertThat(result.code()).as("%s: SOCKS5 reply code", what).isNotEqualTo(Socks5TestClient.REPLY_SUCCEEDED);
        }
    }

    /** Reads until the peer closes (EOF or reset); the number of bytes that came first. */
    private static int bytesBeforeClose(Socket socket) throws IOException {
        socket.setSoTimeout((int) WAIT.toMillis());
        int total = 0;
        byte[] buffer = new byte[4096];
        try {
            for (int n = socket.getInputStream().read(buffer); n >= 0; n = socket.getInputStream().read(buffer)) {
                total += n;
            }
        } catch (SocketException reset) {
            // a reset is a close too
        }
        return total;
    }

    private static byte[] ipv6Request(byte[] meant, int port) {
        byte[] sixteen = meant.length == 16 ? meant : new byte[16];
        return Socks5TestClient.request(Socks5TestClient.CMD_CONNECT, Socks5TestClient.ATYP_IPV6, sixteen, port);
    }

    private static byte[] stdioExchange(OpenSshClient ssh, byte[] payload) throws Exception {
        CompletableFuture<Void> writing = CompletableFuture.runAsync(() -> {
            try (OutputStream in = ssh.stdin()) {
                in.write(payload);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        try (InputStream out = ssh.stdout()) {
            byte[] back = out.readAllBytes();
            writing.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            return back;
        }
    }

    @Override
    public void close() throws Exception {
        try (SinkServer t = trap; EchoServer c = control; ServeProcess s = server; OpenSshClient d = dynamic;
             AlknetProcess a = alknetClient) {
            // closed in reverse order
        }
    }
}
