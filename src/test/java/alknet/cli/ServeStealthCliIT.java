package alknet.cli;

import alknet.testsupport.AlknetProcess;
import alknet.testsupport.CoversOption;
import alknet.testsupport.Curl;
import alknet.testsupport.ExternalCommand;
import alknet.testsupport.FreePorts;
import alknet.testsupport.ListeningPorts;
import alknet.testsupport.OpenSshClient;
import alknet.testsupport.Socks5TestClient;
import alknet.testsupport.TlsSockets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLSocket;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stealth mode (10-tunnel.md section 1) set on the command line, in the environment and in the TOML file, with the
 * packaged jar: an HTTPS client gets the nginx 404, SSH clients still get in; {@code --no-stealth} switches off what
 * the file and the environment switched on; stealth on a listener that is not TLS is a usage error (exit 2).
 * Precedence flag > ALKNET_STEALTH > file > default (20-auth-config.md section 5).
 */
@Timeout(120)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServeStealthCliIT {
    private CliFixture nodes;

    @BeforeAll
    void keys(@TempDir Path dir) throws Exception {
        nodes = new CliFixture(dir);
    }

    @AfterAll
    void stop() {
        nodes.close();
    }

    @Test
    @CoversOption(command = "serve", option = "--stealth")
    @CoversOption(command = "serve", option = "--transport")
    @CoversOption(command = "serve", option = "--tls-cert")
    @CoversOption(command = "serve", option = "--tls-key")
    @CoversOption(command = "serve", option = "--listen")
    @CoversOption(command = "serve", option = "--key")
    @CoversOption(command = "serve", option = "--authorized-keys")
    @CoversOption(command = "connect", option = "--server")
    @CoversOption(command = "connect", option = "--transport")
    @CoversOption(command = "connect", option = "--tls-ca")
    @CoversOption(command = "connect", option = "--tls-server-name")
    @CoversOption(command = "connect", option = "--identity")
    @CoversOption(command = "connect", option = "--socks5")
    void stealthFlagAnswersHttpsWithTheNginx404AndStillLetsAlknetAndOpenSshIn() throws Exception {
        int port = FreePorts.pick();
        try (AlknetProcess server = nodes.serve("serve-stealth-flag", nodes.serveArgs(port, "--no-ops",
                "--transport", "tls", "--tls-cert", nodes.tls.cert().toString(), "--tls-key", nodes.tls.key().toString(),
                "--stealth"), Map.of())) {
            assertNginx404(port);
            assertThat(TlsSockets.presentedSubject(port)).as("certificate from --tls-cert/--tls-key").isEqualTo("CN=alknet-cli-test");
            assertAlknetAndOpenSshGetIn(port, "flag");
        }
    }

    @Test
    void stealthFromTheEnvironment() throws Exception {
        int port = FreePorts.pick();
        try (AlknetProcess server = nodes.serve("serve-stealth-env", nodes.serveArgs(port, "--no-ops"), Map.of(
                "ALKNET_TRANSPORT", "tls", "ALKNET_TLS_CERT", nodes.tls.cert().toString(),
                "ALKNET_TLS_KEY", nodes.tls.key().toString(), "ALKNET_STEALTH", "true"))) {
            assertNginx404(port);
            assertAlknetAndOpenSshGetIn(port, "env");
        }
    }

    @Test
    @CoversOption(command = "serve", option = "--config")
    void stealthFromTheFile() throws Exception {
        int port = FreePorts.pick();
        Path toml = tlsConfig(port, "stealth = true");
        try (AlknetProcess server = nodes.serve("serve-stealth-toml", List.of("serve", "--config", toml.toString(),
                "--no-ops"), Map.of())) {
            assertNginx404(port);
            assertAlknetAndOpenSshGetIn(port, "toml");
        }
    }

    @Test
    @CoversOption(command = "serve", option = "--stealth")
    void stealthFlagOnTheFilesTlsListener() throws Exception {
        int port = FreePorts.pick();
        Path toml = tlsConfig(port, "");
        try (AlknetProcess server = nodes.serve("serve-toml-tls-stealth-flag", List.of("serve", "--config",
                toml.toString(), "--no-ops", "--stealth"), Map.of())) {
            assertNginx404(port);
            assertAlknetAndOpenSshGetIn(port, "toml-flag");
        }
    }

    @Test
    @CoversOption(command = "serve", option = "--stealth")
    void noStealthSwitchesOffWhatTheFileAndTheEnvironmentSwitchedOn() throws Exception {
        int port = FreePorts.pick();
        Path toml = tlsConfig(port, "stealth = true");
        try (AlknetProcess server = nodes.serve("serve-no-stealth", List.of("serve", "--config", toml.toString(),
                "--no-ops", "--no-stealth"), Map.of("ALKNET_STEALTH", "true"));
                SSLSocket silent = TlsSockets.open(port)) {
            silent.setSoTimeout(3_000);
            assertThat(readLine(silent.getInputStream())).as("the server speaks first: no stealth").startsWith("SSH-2.0-");
        }
    }

    @Test
    void stealthFromTheEnvironmentWithoutTlsIsAUsageError() {
        int port = FreePorts.pick();
        try (AlknetProcess server = nodes.start("serve-stealth-tcp", nodes.serveArgs(port, "--no-ops"),
                Map.of("ALKNET_STEALTH", "true"))) {
            assertThat(server.exitCode(CliFixture.START)).as("exit code").isEqualTo(ExitCodes.USAGE);
            assertThat(String.join("\n", server.stderrLines())).contains("ALKNET_STEALTH: --stealth works only with transport tls")
                    .contains("--transport tls");
        }
    }

    /** A TOML file with a TLS [server] listener on {@code port}, host key and authorized keys, plus {@code extra}. */
    private Path tlsConfig(int port, String extra) throws Exception {
        Path toml = Files.createTempFile(nodes.dir, "stealth", ".toml");
        Files.writeString(toml, """
                [server]
                listen = "127.0.0.1:%d"
                transport = "tls"
                data_dir = "%s"
                %s
                [server.tls]
                cert = "%s"
                key = "%s"
                [auth]
                host_key = "%s"
                authorized_keys = "%s"
                """.formatted(port, nodes.dir.resolve("server-data"), extra, nodes.tls.cert(), nodes.tls.key(),
                nodes.host.privateKey(), nodes.authorizedKeys));
        return toml;
    }

    private static void assertNginx404(int port) {
        ExternalCommand.Result curl = Curl.run("-k", "-i", "https://127.0.0.1:" + port + "/");
        assertThat(curl.stdout()).as("curl -k; stderr: " + curl.stderr())
                .startsWith("HTTP/1.1 404 Not Found").contains("Server: nginx").doesNotContain("SSH-2.0");
    }

    /**
     * The alknet client (TLS verified against the certificate and {@link CliFixture#TLS_NAME}) and OpenSSH through
     * {@code openssl s_client} both log in and tunnel to the echo server.
     */
    private void assertAlknetAndOpenSshGetIn(int port, String name) throws Exception {
        int socks = FreePorts.pick();
        try (AlknetProcess client = nodes.start("connect-tls-" + name, nodes.connectArgs(port, "--transport", "tls",
                "--tls-ca", nodes.tls.cert().toString(), "--tls-server-name", CliFixture.TLS_NAME,
                "--host-key-fingerprint", nodes.host.fingerprint(), "--socks5", "127.0.0.1:" + socks), Map.of())) {
            ListeningPorts.await(socks, CliFixture.START, () -> client.isAlive() ? null : "client exited");
            nodes.assertSocksEchoes(Socks5TestClient.to(socks));
        }
        int local = FreePorts.pick();
        try (OpenSshClient ssh = OpenSshClient.builder().port(port).user("tester").identity(nodes.client.privateKey())
                .option("ProxyCommand", "openssl s_client -quiet -connect 127.0.0.1:%p -servername "
                        + CliFixture.TLS_NAME + " 2>/dev/null")
                .args("-N", "-L", "127.0.0.1:" + local + ":127.0.0.1:" + nodes.echo.port()).start()) {
            ssh.waitForPort(local);
            nodes.assertForwardEchoes(local);
        }
    }

    private static String readLine(InputStream in) throws Exception {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b >= 0 && b != '\n'; b = in.read()) {
            line.write(b);
        }
        return line.toString(StandardCharsets.US_ASCII).strip();
    }
}
