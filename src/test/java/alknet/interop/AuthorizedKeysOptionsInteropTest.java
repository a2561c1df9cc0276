package alknet.interop;

import alknet.api.AuthOptions;
import alknet.auth.AuthConfig;
import alknet.auth.AuthorizedKeys;
import alknet.testsupport.EchoServer;
import alknet.testsupport.FreePorts;
import alknet.testsupport.LogCollector;
import alknet.testsupport.OpenSshClient;
import alknet.testsupport.SshKeyPair;
import alknet.testsupport.SshKeys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Acceptance for authorized_keys options (sshd(8) AUTHORIZED_KEYS FILE FORMAT): one row per option, each observed
 * through a real login and real tunnel attempts with the OpenSSH {@code ssh} client against an alknet server.
 * Every row has its own key (and, for {@code cert-authority} rows, its own CA) on one authorized_keys file, so the
 * file is loaded once, as the server loads it. A row lists probes: {@code ssh -W} opens (direct-tcpip, the
 * {@code -L}/{@code -D} path) and {@code ssh -R} binds (tcpip-forward), or a refused login with its log reason.
 * The server's own policy allows everything here, so every refusal comes from the key's options.
 */
@Tag("interop")
@Timeout(300)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthorizedKeysOptionsInteropTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String USER = "alice";

    @TempDir
    static Path dir;
    private ServerAndTargets env;
    private EchoServer other;
    private int listenPort;
    private final Map<String, SshKeyPair> keys = new LinkedHashMap<>();
    private final Map<String, Path> certificates = new LinkedHashMap<>();

    /** One authorized_keys option under test; {@code {echo}}, {@code {other}}, {@code {listen}}, {@code {fresh}} are ports. */
    record Row(String name, String options, String certificateOptions, List<Probe> probes) {
        boolean certificate() {
            return certificateOptions != null;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** {@code kind}: refused (login refused with reason {@code detail}), open, listen; {@code allowed} the outcome. */
    record Probe(String kind, String host, String port, boolean allowed, String detail) {}

    static Probe refused(String reason) {
        return new Probe("refused", null, null, false, reason);
    }

    static Probe opens(String host, String port) {
        return new Probe("open", host, port, true, null);
    }

    static Probe deniesOpen(String host, String port) {
        return new Probe("open", host, port, false, null);
    }

    static Probe listens(String port) {
        return new Probe("listen", "127.0.0.1", port, true, null);
    }

    static Probe deniesListen(String port) {
        return new Probe("listen", "127.0.0.1", port, false, null);
    }

    static Row row(String name, String options, Probe... probes) {
        return new Row(name, options, null, List.of(probes));
    }

    /** A certificate row: the CA line carries {@code options}; the user certificate gets {@code -O certOptions}. */
    static Row certRow(String name, String options, String certificateOptions, Probe... probes) {
        return new Row(name, options, certificateOptions, List.of(probes));
    }

    static List<Row> rows() {
        Probe opensEcho = opens("127.0.0.1", "{echo}");
        Probe listensAny = listens("{fresh}");
        return List.of(
                row("no options", "", opensEcho, listensAny),
                row("from= this address", "from=\"127.0.0.1\"", opensEcho),
                row("from= another address", "from=\"10.9.9.9\"", refused("key-source")),
                row("from= CIDR", "from=\"127.0.0.0/8\"", opensEcho),
                row("from= wildcard", "from=\"127.0.0.*\"", opensEcho),
                row("from= negated", "from=\"!127.0.0.1,*\"", refused("key-source")),
                row("restrict", "restrict", deniesOpen("127.0.0.1", "{echo}"), deniesListen("{fresh}")),
                row("restrict then port-forwarding", "restrict,port-forwarding", opensEcho, listensAny),
                row("port-forwarding then restrict", "port-forwarding,restrict", deniesOpen("127.0.0.1", "{echo}")),
                row("no-port-forwarding", "no-port-forwarding", deniesOpen("127.0.0.1", "{echo}"),
                        deniesListen("{fresh}")),
                row("permitopen", "permitopen=\"127.0.0.1:{echo}\"", opensEcho, deniesOpen("127.0.0.1", "{other}"),
                        deniesOpen("localhost", "{echo}"), listensAny),
                row("permitopen any port", "permitopen=\"127.0.0.1:*\"", opensEcho, opens("127.0.0.1", "{other}"),
                        deniesOpen("localhost", "{other}")),
                row("permitopen any host", "permitopen=\"*:{other}\"", opens("localhost", "{other}"),
                        deniesOpen("127.0.0.1", "{echo}")),
                row("permitlisten", "permitlisten=\"127.0.0.1:{listen}\"", listens("{listen}"), deniesListen("{fresh}"),
                        opensEcho),
                row("expiry-time passed", "expiry-time=\"20200101\"", refused("key-expired")),
                row("expiry-time ahead", "expiry-time=\"20991231Z\"", opensEcho),
                row("command=", "command=\"/bin/false\"", refused("key-command")),
                row("command= with restrict,port-forwarding", "restrict,port-forwarding,command=\"/bin/false\"",
                        opensEcho),
                row("no-pty, no-agent-forwarding, no-X11-forwarding, no-user-rc",
                        "no-pty,no-agent-forwarding,no-X11-forwarding,no-user-rc", opensEcho, listensAny),
                row("environment= and tunnel=", "environment=\"LANG=C\",tunnel=\"any\"", opensEcho),
                certRow("cert-authority", "cert-authority", "", opensEcho, listensAny),
                certRow("certificate without permit-port-forwarding", "cert-authority", "clear",
                        deniesOpen("127.0.0.1", "{echo}"), deniesListen("{fresh}")),
                certRow("cert-authority,principals= listing the principal", "cert-authority,principals=\"ops,alice\"",
                        "", opensEcho),
                certRow("cert-authority,principals= without the principal", "cert-authority,principals=\"ops\"", "",
                        refused("cert-principal")),
                certRow("cert-authority,restrict", "cert-authority,restrict", "", deniesOpen("127.0.0.1", "{echo}")),
                certRow("cert-authority,from= another address", "cert-authority,from=\"10.9.9.9\"", "",
                        refused("key-source")));
    }

    @BeforeAll
    void start() throws Exception {
        LogCollector.installInProcess();
        env = ServerAndTargets.start();
        other = EchoServer.start();
        listenPort = FreePorts.pick();
        Transfers.recordDestinations(other.port());
        List<String> lines = new ArrayList<>();
        int i = 0;
        for (Row row : rows()) {
            SshKeyPair key = SshKeys.generateEd25519(dir, "row" + i);
            keys.put(row.name(), key);
            if (row.certificate()) {
                SshKeyPair ca = SshKeys.generateEd25519(dir, "ca" + i);
                String[] certOptions = row.certificateOptions().isEmpty() ? new String[0] : new String[] {row.certificateOptions()};
                certificates.put(row.name(), SshKeys.signUserCertificate(ca, key, "row" + i, USER, "-5m:+1h", certOptions));
                lines.add(fill(row.options()) + " " + ca.publicKeyLine());
            } else {
                lines.add(fill(row.options()) + (row.options().isEmpty() ? "" : " ") + key.publicKeyLine());
            }
            i++;
        }
        Path file = SshKeys.writeAuthorizedKeys(dir.resolve("authorized_keys"), lines);
        env.server().nodes().server().reloadAuth(AuthOptions.DEFAULT.withAuthorizedKeys(file)).toCompletionStage().toCompletableFuture().get();
    }

    @AfterAll
    void stop() throws Exception {
        try (EchoServer o = other) {
            if (env != null) {
                env.close();
            }
        }
    }

    /** The ports of the test: {listen} is fixed (the permitlisten row names it), {fresh} a new free port each time. */
    private String fill(String text) {
        return text.replace("{echo}", Integer.toString(env.echo().port()))
                .replace("{other}", Integer.toString(other.port()))
                .replace("{listen}", Integer.toString(listenPort))
                .replace("{fresh}", Integer.toString(FreePorts.pick()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void optionIsHonouredThroughARealLoginAndRealTunnels(Row row) throws Exception {
        SshKeyPair key = keys.get(row.name());
        for (Probe probe : row.probes()) {
            int mark = LogCollector.mark();
            switch (probe.kind()) {
                case "refused" -> assertRefused(row, key, probe.detail(), mark);
                case "open" -> assertOpen(row, key, probe.host(), Integer.parseInt(fill(probe.port())),
                        probe.allowed(), mark);
                case "listen" -> assertListen(row, key, Integer.parseInt(fill(probe.port())), probe.allowed(),
                        mark);
                default -> throw new IllegalStateException(probe.kind());
            }
        }
    }

    private OpenSshClient.Builder ssh(Row row, SshKeyPair key) {
        OpenSshClient.Builder b = env.server().ssh().identity(key.privateKey()).user(USER);
        return row.certificate() ? b.certificate(certificates.get(row.name())) : b;
    }

    private void assertRefused(Row row, SshKeyPair key, String reason, int mark) {
        try (OpenSshClient ssh = ssh(row, key).args("-W", "127.0.0.1:" + env.echo().port()).start()) {
            assertThat(ssh.exitCode(WAIT)).as("ssh exit code; stderr:\n" + ssh.stderr().text()).isEqualTo(255);
            assertThat(ssh.stderr().text()).contains("Permission denied (publickey)");
        }
        assertThat(LogCollector.linesSince(mark)).as("the reject line names the reason").anySatisfy(line -> assertThat(line)
                .startsWith("auth attempt remote_addr=127.0.0.1 ")
                .contains("user=" + USER + " ")
                .contains("key_fingerprint=" + key.fingerprint() + " ")
                .contains("result=reject method=publickey")
                .endsWith("reason=" + reason));
        assertNoAcceptSince(key, mark);
    }

    /** {@code ssh -W host:port}: a line goes through the echo target and back, or the open is refused. */
    private void assertOpen(Row row, SshKeyPair key, String host, int port, boolean allowed, int mark) throws Exception {
        try (OpenSshClient ssh = ssh(row, key).args("-W", host + ":" + port).start()) {
            if (allowed) {
                assertThat(echo(ssh, "through " + host + ":" + port)).isEqualTo("through " + host + ":" + port);
                assertThat(ssh.exitCode(WAIT)).as("ssh -W exit code; stderr:\n" + ssh.stderr().text()).isZero();
            } else {
                assertThat(ssh.exitCode(WAIT)).as("ssh -W exit code; stderr:\n" + ssh.stderr().text()).isEqualTo(255);
                assertThat(ssh.stderr().text()).contains("administratively prohibited");
                assertThat(LogCollector.linesSince(mark)).anyMatch(l -> l.startsWith("channel denied remote_addr=127.0.0.1")
                        && l.endsWith("reason=policy"));
            }
        }
        assertAcceptSince(key, mark);
    }

    /** {@code ssh -N -R 127.0.0.1:port:127.0.0.1:echo}: the server binds the port, or refuses the forward. */
    private void assertListen(Row row, SshKeyPair key, int port, boolean allowed, int mark) {
        try (OpenSshClient ssh = ssh(row, key)
                .args("-N", "-R", "127.0.0.1:" + port + ":127.0.0.1:" + env.echo().port()).start()) {
            if (allowed) {
                ssh.waitForPort(port);
            } else {
                assertThat(ssh.exitCode(WAIT)).as("ssh -R exit code; stderr:\n" + ssh.stderr().text()).isEqualTo(255);
                assertThat(ssh.stderr().text()).contains("remote port forwarding failed for listen port " + port);
                assertThat(LogCollector.linesSince(mark)).anyMatch(l -> l.startsWith("remote forward denied"));
            }
        }
        assertAcceptSince(key, mark);
    }

    private static String echo(OpenSshClient ssh, String text) throws Exception {
        CompletableFuture<String> reading = CompletableFuture.supplyAsync(() -> {
            try (InputStream out = ssh.stdout()) {
                return new String(out.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        try (OutputStream in = ssh.stdin()) {
            in.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return reading.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    private static void assertAcceptSince(SshKeyPair key, int mark) {
        assertThat(LogCollector.linesSince(mark)).as("the login was accepted").anyMatch(l -> l.startsWith("auth attempt")
                && l.contains("key_fingerprint=" + key.fingerprint() + " ") && l.contains("result=accept"));
    }

    private static void assertNoAcceptSince(SshKeyPair key, int mark) {
        assertThat(LogCollector.linesSince(mark)).noneMatch(l -> l.startsWith("auth attempt")
                && l.contains("key_fingerprint=" + key.fingerprint() + " ") && l.contains("result=accept"));
    }
}
