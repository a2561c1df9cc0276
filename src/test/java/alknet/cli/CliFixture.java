package alknet.cli;

import alknet.testsupport.AlknetProcess;
import alknet.testsupport.EchoServer;
import alknet.testsupport.Payloads;
import alknet.testsupport.SshKeyPair;
import alknet.testsupport.SshKeys;
import alknet.testsupport.Sockets;
import alknet.testsupport.Socks5TestClient;
import alknet.testsupport.TestCertificates;
import alknet.testsupport.TunnelDestinations;
import alknet.api.TlsFiles;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Files and command lines for the CLI option ITs, which run {@code java -jar alknet.jar} (10-tunnel.md sections 3
 * and 5): a host key, a client key in authorized_keys, a TLS certificate for {@link #TLS_NAME} only (so a client
 * must verify against that name), and an echo server as the tunnel destination.
 */
final class CliFixture implements AutoCloseable {
    static final Duration START = Duration.ofSeconds(40);
    static final String TLS_NAME = "alknet.test";
    /** Short-lived processes on a small machine: the C1 compiler alone gets them listening about 40 % sooner. */
    static final List<String> JVM_ARGS = List.of("-XX:+UseSerialGC", "-Xmx256m", "-XX:TieredStopAtLevel=1");

    final Path dir;
    final SshKeyPair host;
    final SshKeyPair client;
    final Path authorizedKeys;
    final TlsFiles tls;
    final EchoServer echo;

    /** @param dir a directory the test owns (a JUnit {@code @TempDir}), removed after the processes stopped */
    CliFixture(Path dir) throws IOException {
        this.dir = dir;
        host = SshKeys.generateEd25519(dir, "host_ed25519");
        client = SshKeys.generateEd25519(dir, "id_ed25519");
        authorizedKeys = SshKeys.writeAuthorizedKeys(dir.resolve("authorized_keys"), client.publicKeyLine());
        tls = new TlsFiles(dir.resolve("cert.pem"), dir.resolve("key.pem"));
        TestCertificates.write(tls, "alknet-cli-test", "DNS:" + TLS_NAME);
        echo = EchoServer.start();
        TunnelDestinations.record("127.0.0.1", echo.port());
    }

    /** {@code serve --listen 127.0.0.1:PORT --key .. --authorized-keys .. --data-dir ..} plus {@code extra}. */
    List<String> serveArgs(int port, String... extra) {
        List<String> args = new ArrayList<>(List.of("serve", "--listen", "127.0.0.1:" + port,
                "--key", host.privateKey().toString(), "--authorized-keys", authorizedKeys.toString(),
                "--data-dir", dir.resolve("server-data").toString()));
        args.addAll(List.of(extra));
        return args;
    }

    /** {@code connect --server 127.0.0.1:PORT --identity .. --user tester --known-hosts ..} plus {@code extra}. */
    List<String> connectArgs(int port, String... extra) {
        List<String> args = new ArrayList<>(List.of("connect", "--server", "127.0.0.1:" + port,
                "--identity", client.privateKey().toString(), "--user", "tester",
                "--known-hosts", dir.resolve("known_hosts").toString()));
        args.addAll(List.of(extra));
        return args;
    }

    /** Starts the jar with {@code args} and {@code env}, HOME in the fixture directory; does not wait. */
    AlknetProcess start(String name, List<String> args, Map<String, String> env) {
        AlknetProcess.Builder builder = AlknetProcess.builder().name(name).home(dir)
                .jvmArgs(JVM_ARGS.toArray(String[]::new)).args(args);
        env.forEach(builder::env);
        return builder.start();
    }

    /** Starts a server and waits until it listens. */
    AlknetProcess serve(String name, List<String> args, Map<String, String> env) {
        AlknetProcess server = start(name, args, env);
        try {
            server.awaitStderrLine("server listening", START);
            return server;
        } catch (RuntimeException | Error e) {
            server.close();
            throw e;
        }
    }

    /** A SOCKS5 CONNECT through {@code socksPort} to the echo server carries 64 KiB both ways. */
    void assertSocksEchoes(Socks5TestClient socks) throws IOException {
        byte[] payload = Payloads.random(64 * 1024, 17);
        try (Socket s = socks.timeout(Duration.ofSeconds(20)).connect("127.0.0.1", echo.port())) {
            assertThat(Sockets.exchange(s, payload, Duration.ofSeconds(20))).as("echoed through SOCKS5").isEqualTo(payload);
        }
    }

    /** 64 KiB sent into a local port (an -L or -R listener leading to the echo server) come back. */
    void assertForwardEchoes(int port) throws IOException {
        byte[] payload = Payloads.random(64 * 1024, 23);
        try (Socket s = Sockets.connect(port)) {
            assertThat(Sockets.exchange(s, payload, Duration.ofSeconds(20))).as("echoed through port " + port).isEqualTo(payload);
        }
    }

    @Override
    public void close() {
        echo.close();
    }
}
