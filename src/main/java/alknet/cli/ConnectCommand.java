package alknet.cli;

import alknet.config.HostPort;
import alknet.api.Alknet;
import alknet.api.AlknetSession;
import alknet.api.AlknetVertx;
import alknet.api.ConnectOptions;
import alknet.client.AuthenticationRefusedException;
import alknet.api.ForwardSpec;
import alknet.client.HostKeyMismatchException;
import alknet.api.ProxyUrl;
import alknet.api.Transport;
import io.vertx.core.Vertx;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code alknet connect} (10-tunnel.md section 5). */
@Command(name = "connect", mixinStandardHelpOptions = true, versionProvider = Version.class, sortOptions = false,
        description = {"Connect to a server; expose a local SOCKS5 proxy and -L/-R forwards.",
                "One SSH session to an alknet (or OpenSSH) server. Reconnects forever with backoff",
                "(1, 2, 4, 8, 16 s, then every 30 s); the SOCKS5 and -L listeners stay bound meanwhile."})
public final class ConnectCommand implements Callable<Integer> {
    @Option(names = "--server", paramLabel = "HOST[:PORT]", defaultValue = "${env:ALKNET_SERVER}",
            description = "The server (env ALKNET_SERVER; port defaults to 22).")
    String server;

    @Option(names = "--transport", paramLabel = "tcp|tls|ws", defaultValue = "${env:ALKNET_TRANSPORT:-tcp}",
            description = "Transport (default: ${DEFAULT-VALUE}). tls = SSH inside TLS, ws = SSH inside WebSocket; both default to port 443. relay comes later.")
    String transport;

    @Option(names = "--ws-path", paramLabel = "PATH", defaultValue = "${env:ALKNET_WS_PATH:-/alknet}",
            description = "WebSocket path for --transport ws (default: ${DEFAULT-VALUE}).")
    String wsPath;

    @Option(names = "--ws-tls", description = "WebSocket over TLS (wss); --tls-ca and --insecure apply.")
    boolean wsTls;

    @Option(names = "--tls-ca", paramLabel = "FILE", defaultValue = "${env:ALKNET_TLS_CA}",
            description = "Trust these CA certificates (PEM) for the server's TLS certificate instead of the system trust store.")
    Path tlsCa;

    @Option(names = "--tls-server-name", paramLabel = "NAME", defaultValue = "${env:ALKNET_TLS_SERVER_NAME}",
            description = "SNI and the name the TLS certificate must carry (default: the --server host).")
    String tlsServerName;

    @Option(names = "--insecure",
            description = "Skip TLS certificate verification (the SSH host key is still verified). For tests and private CAs without --tls-ca.")
    boolean insecure;

    @Option(names = "--proxy", paramLabel = "URL", defaultValue = "${env:ALKNET_PROXY}",
            description = "Reach the server through a proxy: socks5://[USER:PASS@]HOST:PORT or http://[USER:PASS@]HOST:PORT (HTTP CONNECT); works with every transport (env ALKNET_PROXY).")
    String proxy;

    @Option(names = "--identity", paramLabel = "FILE", defaultValue = "${env:ALKNET_IDENTITY}",
            description = "Private key, OpenSSH format (env ALKNET_IDENTITY; default ~/.alknet/id_ed25519, then ~/.ssh/id_ed25519).")
    Path identity;

    @Option(names = "--identity-passphrase-file", paramLabel = "FILE", defaultValue = "${env:ALKNET_IDENTITY_PASSPHRASE_FILE}",
            description = IdentityFiles.PASSPHRASE_FILE_HELP)
    Path identityPassphraseFile;

    @Option(names = "--user", paramLabel = "NAME", defaultValue = "${env:ALKNET_USER:-${sys:user.name}}",
            description = "SSH user name (default: ${DEFAULT-VALUE}).")
    String user;

    @Option(names = "--socks5", paramLabel = "HOST:PORT", defaultValue = "${env:ALKNET_SOCKS5:-127.0.0.1:1080}",
            description = "Local SOCKS5 listener (default: ${DEFAULT-VALUE}). Names are resolved by the server (socks5h).")
    String socks5;

    @Option(names = "--no-socks5", description = "Do not start the SOCKS5 listener.")
    boolean noSocks5;

    @Option(names = "--socks5-user", paramLabel = "NAME", defaultValue = "${env:ALKNET_SOCKS5_USER}",
            description = "Require SOCKS5 username/password auth (RFC 1929); no-auth is then refused.")
    String socks5User;

    @Option(names = "--socks5-password", paramLabel = "SECRET", defaultValue = "${env:ALKNET_SOCKS5_PASSWORD}",
            description = "Password for --socks5-user (prefer env ALKNET_SOCKS5_PASSWORD: flags show in ps).")
    String socks5Password;

    @Option(names = {"-L", "--forward"}, paramLabel = "SPEC",
            description = "Local forward [bind_addr:]port:host:hostport (repeatable; IPv6 in brackets; bind defaults to 127.0.0.1).")
    List<String> forwards = new ArrayList<>();

    @Option(names = {"-R", "--remote-forward"}, paramLabel = "SPEC",
            description = "Remote forward [remote_bind:]port:local_host:local_port (repeatable; re-requested after reconnects).")
    List<String> remoteForwards = new ArrayList<>();

    @Option(names = "--known-hosts", paramLabel = "FILE", defaultValue = "${sys:user.home}/.alknet/known_hosts",
            description = "Trust-on-first-use host key store (default: ${DEFAULT-VALUE}).")
    Path knownHosts;

    @Option(names = "--host-key-fingerprint", paramLabel = "SHA256:...", defaultValue = "${env:ALKNET_HOST_KEY_FINGERPRINT}",
            description = "Pin the server's host key; a different key is refused (exit 3).")
    String hostKeyFingerprint;

    @Option(names = "--insecure-accept-any-host-key", hidden = true, description = "Tests only: skip host key checks.")
    boolean acceptAnyHostKey;

    @Option(names = "--keepalive", paramLabel = "SECONDS", defaultValue = "${env:ALKNET_KEEPALIVE:-15}",
            description = "keepalive@openssh.com interval; 3 missed replies drop the session and reconnect (default: ${DEFAULT-VALUE}).")
    long keepalive;

    @Mixin
    SshAlgorithmOptions algorithms = new SshAlgorithmOptions();

    @Override
    public Integer call() throws Exception {
        ConnectOptions options = buildOptions();
        Vertx vertx = AlknetVertx.create();
        ProcessLifecycle lifecycle = new ProcessLifecycle(vertx);
        AlknetSession session = lifecycle.startOrClose(Alknet.connect(vertx, options));
        lifecycle.onStop(session::close);
        if (options.socks5Enabled()) {
            System.err.println("alknet: SOCKS5 proxy on " + new HostPort(options.socks5Host(), session.socks5Port()));
        }
        session.firstSession().onFailure(e -> fail(lifecycle, e));
        session.fatal().onFailure(e -> fail(lifecycle, e));
        return lifecycle.await(5);
    }

    static void fail(ProcessLifecycle lifecycle, Throwable e) {
        System.err.println("alknet: " + e.getMessage());
        boolean refused = e instanceof HostKeyMismatchException || e instanceof AuthenticationRefusedException;
        lifecycle.stop(refused ? ExitCodes.AUTH_REFUSED : ExitCodes.FAILURE);
    }

    ConnectOptions buildOptions() {
        if (server == null || server.isBlank()) {
            throw new IllegalArgumentException("missing --server HOST[:PORT] (or env ALKNET_SERVER)");
        }
        Transport kind = Transport.parse(transport);
        ProxyUrl proxyUrl = proxy == null || proxy.isBlank() ? null : ProxyUrl.parse(proxy, "--proxy");
        HostPort target = HostPort.parse(server, kind == Transport.TCP ? 22 : 443, "--server");
        ConnectOptions options = new ConnectOptions()
                .server(target.host(), target.port())
                .identity(IdentityFiles.resolve(identity))
                .identityPassphrase(IdentityFiles.passphrase(identityPassphraseFile))
                .user(user)
                .knownHosts(knownHosts)
                .hostKeyFingerprint(hostKeyFingerprint)
                .acceptAnyHostKey(acceptAnyHostKey)
                .keepalive(Duration.ofSeconds(keepalive))
                .ciphers(algorithms.ciphers())
                .allowNonStrictKex(algorithms.allowNonStrictKex)
                .transport(kind)
                .tlsCa(tlsCa)
                .insecureTls(insecure)
                .tlsServerName(tlsServerName)
                .webSocketPath(wsPath)
                .webSocketTls(wsTls);
        options.proxy(proxyUrl);
        if (noSocks5) {
            options.noSocks5();
        } else {
            HostPort socks = HostPort.parse(socks5, 1080, "--socks5");
            options.socks5(socks.host(), socks.port());
        }
        if (socks5User != null) {
            if (socks5Password == null) {
                throw new IllegalArgumentException("--socks5-user needs a password: set ALKNET_SOCKS5_PASSWORD or --socks5-password");
            }
            options.socks5Credentials(socks5User, socks5Password);
        }
        forwards.forEach(f -> options.addLocalForward(ForwardSpec.parseLocal(f)));
        remoteForwards.forEach(f -> options.addRemoteForward(ForwardSpec.parseRemote(f)));
        return options;
    }
}
