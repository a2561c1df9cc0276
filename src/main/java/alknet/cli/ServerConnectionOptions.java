package alknet.cli;

import alknet.api.ConnectOptions;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code --server} plus the {@link SessionOptions}: how {@code connect}, {@code call}, {@code events} and
 * {@code publish} reach their server. */
final class ServerConnectionOptions {
    @Option(names = "--server", paramLabel = "HOST[:PORT]", defaultValue = "${env:ALKNET_SERVER}",
            description = "The server (env ALKNET_SERVER; port defaults to 22, or 443 for tls and ws).")
    String server;

    @Mixin
    SessionOptions session = new SessionOptions();

    /** Client options for these flags: no SOCKS5 listener and no forwards (the command adds what it needs). */
    ConnectOptions toConnectOptions() {
        if (server == null || server.isBlank()) {
            throw new IllegalArgumentException("missing --server HOST[:PORT] (or env ALKNET_SERVER)");
        }
        return session.toConnectOptions(server, "--server");
    }
}
