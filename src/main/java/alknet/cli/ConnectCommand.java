package alknet.cli;

import alknet.config.HostPort;
import alknet.api.Alknet;
import alknet.api.AlknetSession;
import alknet.api.AlknetVertx;
import alknet.api.ConnectOptions;
import alknet.client.AuthenticationRefusedException;
import alknet.api.ForwardSpec;
import alknet.client.HostKeyMismatchException;
import io.vertx.core.Vertx;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code alknet connect} (10-tunnel.md section 5). */
@Command(name = "connect", mixinStandardHelpOptions = true, versionProvider = Version.class, sortOptions = false,
        description = {"Connect to a server; expose a local SOCKS5 proxy and -L/-R forwards.",
                "One SSH session to an alknet (or OpenSSH) server. Reconnects forever with backoff",
                "(1, 2, 4, 8, 16 s, then every 30 s); the SOCKS5 and -L listeners stay bound meanwhile."})
public final class ConnectCommand implements Callable<Integer> {
    @Mixin
    ServerConnectionOptions connection = new ServerConnectionOptions();

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
        ConnectOptions options = connection.toConnectOptions();
        if (!noSocks5) {
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
