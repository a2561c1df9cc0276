package alknet.cli;

import alknet.api.ConnectOptions;
import alknet.api.ProxyUrl;
import alknet.api.Transport;
import alknet.config.HostPort;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How a client session reaches and trusts its server (10-tunnel.md section 5), the same for {@code connect},
 * {@code call}, {@code events}, {@code publish} and {@code worker}: transport and TLS, proxy, key, user, host-key
 * checks and keepalive. The server address is the command's own ({@code --server}, or {@code --head} for a worker).
 */
final class SessionOptions {
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
            description = "SNI and the name the TLS certificate must carry (default: the host of the server being dialled: --server, or each --head).")
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

    @Option(names = "--known-hosts", paramLabel = "FILE", defaultValue = "${sys:user.home}/.alknet/known_hosts",
            description = "Trust-on-first-use host key store (default: ${DEFAULT-VALUE}).")
    Path knownHosts;

    @Option(names = "--host-key-fingerprint", paramLabel = "SHA256:...", defaultValue = "${env:ALKNET_HOST_KEY_FINGERPRINT}",
            description = "Pin the server's host key; a different key is refused (exit 3).")
    String hostKeyFingerprint;

    @Option(names = "--insecure-accept-any-host-key", hidden = true, description = "Tests only: skip host key checks (warns on every connect).")
    boolean acceptAnyHostKey;

    @Option(names = "--keepalive", paramLabel = "SECONDS", defaultValue = "${env:ALKNET_KEEPALIVE:-15}",
            description = "keepalive@openssh.com interval; 3 missed replies drop the session and reconnect (default: ${DEFAULT-VALUE}).")
    long keepalive;

    @Mixin
    SshAlgorithmOptions algorithms = new SshAlgorithmOptions();

    /** The transport chosen ({@code --transport}). */
    Transport transport() {
        return Transport.parse(transport);
    }

    /**
     * Client options for these flags and a server address given as {@code HOST[:PORT]} by {@code flag}: no SOCKS5
     * listener and no forwards (the command adds what it needs).
     */
    ConnectOptions toConnectOptions(String server, String flag) {
        Transport kind = transport();
        HostPort target = HostPort.parse(server, kind == Transport.TCP ? 22 : 443, flag);
        // Flag syntax first, files after: a mistyped URL is reported even where no key exists yet.
        ProxyUrl through = proxy == null || proxy.isBlank() ? null : ProxyUrl.parse(proxy, "--proxy");
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
                .webSocketTls(wsTls)
                .noSocks5();
        options.proxy(through);
        return options;
    }
}
