package alknet.security;

import alknet.testsupport.AlknetProcess;
import alknet.testsupport.FreePorts;
import alknet.testsupport.SinkServer;
import alknet.testsupport.Sockets;
import alknet.testsupport.SshKeys;
import alknet.testsupport.TestCertificates;
import alknet.testsupport.TunnelDestinations;
import alknet.api.TlsFiles;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Acceptance 7, the client side of the real command line: {@code connect --tls-server-name} is the name the server's
 * certificate must carry (a certificate only for localhost is refused for {@code wrong.example} and for the bare
 * address, accepted for {@code localhost}); {@code --insecure-accept-any-host-key} prints a WARNING on connect that
 * says when the key does NOT match the known one; a refused {@code -L} connection prints
 * {@code forward #N connection refused reason=...} without the target.
 */
@Tag("interop")
@Timeout(180)
class ConnectCommandChecksIT {
    private static final Duration WAIT = Duration.ofSeconds(40);
    /** How long a client that cannot get a session is watched (its first attempts and reconnects). */
    private static final Duration NO_SESSION_FOR = Duration.ofSeconds(3);

    @Test
    void tlsCertificateMustCarryTheServerName(@TempDir Path dir) throws Exception {
        TlsFiles tls = new TlsFiles(dir.resolve("cert.pem"), dir.resolve("key.pem"));
        TestCertificates.write(tls, "localhost", "DNS:localhost"); // no other name, no IP address
        try (ServeProcess server = ServeProcess.start("serve-tls-name", "--transport", "tls",
                "--tls-cert", tls.cert().toString(), "--tls-key", tls.key().toString());
             AlknetProcess wrongName = tlsClient(server, tls, "connect-wrong-name", "--tls-server-name", "wrong.example");
             AlknetProcess bareAddress = tlsClient(server, tls, "connect-bare-address");
             AlknetProcess rightName = tlsClient(server, tls, "connect-right-name", "--tls-server-name", "localhost")) {
            rightName.awaitStderrLine("session up", WAIT);
            assertThat(wrongName.awaitStderrLine("reconnecting", WAIT)).contains("TLS handshake failed");
            assertThat(bareAddress.awaitStderrLine("reconnecting", WAIT)).contains("TLS handshake failed");
            Thread.sleep(NO_SESSION_FOR.toMillis());
            assertThat(wrongName.stderrLines()).as("--tls-server-name wrong.example").noneMatch(l -> l.contains("session up"));
            assertThat(bareAddress.stderrLines()).as("no --tls-server-name, server 127.0.0.1")
                    .noneMatch(l -> l.contains("session up"));
            assertThat(server.logLines("auth attempt")).as("logins the server saw: the right-name client only")
                    .hasSize(1);
        }
    }

    @Test
    void acceptingAnyHostKeyWarnsOnConnectAndSaysWhenTheKeyDoesNotMatch(@TempDir Path dir) throws Exception {
        try (ServeProcess server = ServeProcess.start("serve-host-key-warning")) {
            String other = SshKeys.generateEd25519(dir, "other_host").fingerprint();
            Path mismatching = Files.writeString(dir.resolve("known_hosts_other"),
                    "127.0.0.1:" + server.sshPort() + " " + other + "\n");
            Path empty = Files.writeString(dir.resolve("known_hosts_empty"), "");
            try (AlknetProcess known = insecureClient(server, "connect-insecure-mismatch", mismatching);
                 AlknetProcess unknown = insecureClient(server, "connect-insecure-unknown", empty)) {
                String warning = known.awaitStderrLine("WARNING", WAIT);
                assertThat(warning).contains("NOT verified").contains(server.hostKey().fingerprint())
                        .contains("does NOT match").contains(other);
                known.awaitStderrLine("session up", WAIT);

                String plain = unknown.awaitStderrLine("WARNING", WAIT);
                assertThat(plain).contains("NOT verified").contains(server.hostKey().fingerprint())
                        .doesNotContain("does NOT match");
                unknown.awaitStderrLine("session up", WAIT);
            }
            assertThat(Files.readString(mismatching)).as("known_hosts untouched").contains(other)
                    .doesNotContain(server.hostKey().fingerprint());
        }
    }

    @Test
    void refusedLocalForwardConnectionIsReportedWithoutItsTarget() throws Exception {
        int closedPort;
        try (SinkServer gone = SinkServer.start()) {
            closedPort = gone.port(); // a destination port with nothing listening once this closes
        }
        TunnelDestinations.record("127.0.0.1", closedPort);
        int local = FreePorts.pick();
        try (ServeProcess server = ServeProcess.start("serve-refused-forward");
             AlknetProcess client = server.client("connect-refused-forward", "--no-socks5",
                     "--forward", "127.0.0.1:" + local + ":127.0.0.1:" + closedPort).start()) {
            client.awaitStderrLine("session up", WAIT);
            try (Socket s = Sockets.connect(local)) {
                assertThat(Sockets.closedByPeer(s, WAIT)).as("the -L connection is closed").isTrue();
            }
            String line = client.awaitStderrLine("forward #1 connection refused reason=", WAIT);
            assertThat(line).doesNotContain(Integer.toString(closedPort)).doesNotContain("127.0.0.1:");
            assertThat(List.of(line)).noneMatch(l -> l.endsWith("reason=error"));
            assertThat(client.isAlive()).as("the client goes on").isTrue();
        }
    }

    private static AlknetProcess tlsClient(ServeProcess server, TlsFiles tls, String name, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("--transport", "tls", "--tls-ca", tls.cert().toString(),
                "--no-socks5"));
        args.addAll(List.of(extra));
        return server.client(name, args.toArray(String[]::new)).start();
    }

    private static AlknetProcess insecureClient(ServeProcess server, String name, Path knownHosts) {
        return AlknetProcess.builder().name(name).home(server.dir()).jvmArgs(ServeProcess.CLIENT_JVM).args("connect",
                "--server", "127.0.0.1:" + server.sshPort(),
                "--identity", server.clientKey().privateKey().toString(), "--user", "tester",
                "--known-hosts", knownHosts.toString(), "--insecure-accept-any-host-key", "--no-socks5").start();
    }
}
