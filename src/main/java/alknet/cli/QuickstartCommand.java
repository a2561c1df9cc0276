package alknet.cli;

import alknet.config.HostPort;
import alknet.api.Alknet;
import alknet.api.AlknetServer;
import alknet.api.AlknetSession;
import alknet.api.AlknetVertx;
import alknet.api.ConnectOptions;
import alknet.api.ServeOptions;
import alknet.auth.PrivateKeyFiles;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.concurrent.Callable;

/** {@code alknet quickstart}: a server and a client on loopback with fresh keys; prints how to use SOCKS5. */
@Command(name = "quickstart", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Try alknet: a server and a client on loopback with fresh keys.",
                "Prints the SOCKS5 address and an example curl line. Ctrl-C stops both."})
public final class QuickstartCommand implements Callable<Integer> {
    @Option(names = "--socks5", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:1080",
            description = "SOCKS5 listener (default: ${DEFAULT-VALUE}; if the port is taken a free one is used).")
    String socks5;

    @Option(names = "--dir", paramLabel = "DIR",
            description = "Where to keep the generated keys (default: a temporary directory, deleted on exit).")
    Path dir;

    @Override
    public Integer call() throws Exception {
        Path keys = dir != null ? Files.createDirectories(dir) : Files.createTempDirectory("alknet-quickstart-");
        PrivateKeyFiles.generateEd25519(keys.resolve("host_ed25519"));
        KeyPair client = PrivateKeyFiles.generateEd25519(keys.resolve("id_ed25519"));
        Files.writeString(keys.resolve("authorized_keys"), PrivateKeyFiles.publicKeyLine(client, "quickstart") + "\n");

        Vertx vertx = AlknetVertx.create();
        ProcessLifecycle lifecycle = new ProcessLifecycle(vertx);
        AlknetServer server = Alknet.serve(vertx, new ServeOptions().dataDir(keys).listen("127.0.0.1", 0).ops("127.0.0.1", 0)).await();
        HostPort wanted = HostPort.parse(socks5, 1080, "--socks5");
        AlknetSession session = connect(vertx, keys, server, wanted.host(), wanted.port())
                .recover(e -> connect(vertx, keys, server, wanted.host(), 0)).await();
        lifecycle.onStop(() -> session.close().eventually(server::close).eventually(() -> dir != null
                ? Future.succeededFuture() : vertx.fileSystem().deleteRecursive(keys.toString())));
        session.firstSession().await();

        String proxy = new HostPort(wanted.host(), session.socks5Port()).toString();
        System.out.println("alknet quickstart is running: server 127.0.0.1:" + server.sshPort()
                + " (host key " + server.hostKeyFingerprint() + "), keys in " + keys);
        System.out.println("SOCKS5 proxy: " + proxy);
        System.out.println("Try:  curl --socks5-hostname " + proxy + " http://example.com/");
        System.out.println("Ops:  curl http://127.0.0.1:" + server.opsPort() + "/metrics");
        System.out.println("Press Ctrl-C to stop.");
        System.out.flush();
        return lifecycle.await(5);
    }

    private static Future<AlknetSession> connect(Vertx vertx, Path keys, AlknetServer server, String host, int port) {
        return Alknet.connect(vertx, new ConnectOptions()
                .server("127.0.0.1", server.sshPort())
                .identity(keys.resolve("id_ed25519"))
                .user("quickstart")
                .knownHosts(keys.resolve("known_hosts"))
                .hostKeyFingerprint(server.hostKeyFingerprint())
                .socks5(host, port));
    }
}
