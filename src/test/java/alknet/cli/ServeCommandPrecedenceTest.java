package alknet.cli;

import alknet.api.ServeOptions;
import alknet.config.ConfigLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code serve}'s settings at the CLI level: flag > ALKNET_<FLAG> > --config file > default (20-auth-config.md section 5). */
class ServeCommandPrecedenceTest {
    @TempDir
    Path dir;

    @Test
    void flagBeatsEnvironmentBeatsFileBeatsDefault() throws Exception {
        Path toml = dir.resolve("alknet.toml");
        Files.writeString(toml, """
                [server]
                listen = "127.0.0.1:1001"
                ops_listen = "127.0.0.1:1002"
                keepalive = "7s"
                [limits]
                max_startups = 11
                max_auth_attempts = 4
                """);
        ServeCommand serve = new ServeCommand();
        CommandLine cli = new CommandLine(serve);
        CommandLine.ParseResult parsed = cli.parseArgs("--config", toml.toString(), "--listen", "127.0.0.1:2001",
                "--data-dir", dir.toString(), "--no-ops");
        Map<String, String> flags = ServeCommand.typedFlags(parsed);
        assertThat(flags).containsOnlyKeys("config", "listen", "data-dir");

        ConfigLoader loader = new ConfigLoader(flags, Map.of("ALKNET_LISTEN", "127.0.0.1:3001",
                "ALKNET_OPS_LISTEN", "127.0.0.1:3002", "ALKNET_MAX_STARTUPS", "22"));
        ServeOptions options = ServeCommand.serveOptions(loader, loader.load());
        assertThat(options.listenPort()).as("flag beats env and file").isEqualTo(2001);
        assertThat(options.opsPort()).as("env beats file").isEqualTo(3002);
        assertThat(options.limits().maxStartups()).as("env beats file").isEqualTo(22);
        assertThat(options.limits().maxAuthAttempts()).as("file beats default").isEqualTo(4);
        assertThat(options.keepalive()).as("file beats default").isEqualTo(Duration.ofSeconds(7));
        assertThat(options.drainTimeout()).as("default").isEqualTo(Duration.ofSeconds(2));
        assertThat(options.hostKey()).isEqualTo(dir.resolve("host_ed25519"));
    }
}
