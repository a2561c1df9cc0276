package alknet.cli;

import alknet.api.ServeOptions;
import alknet.config.ConfigException;
import alknet.config.ConfigLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
        assertThat(flags).containsOnlyKeys("config", "listen", "data-dir", "no-ops");

        ConfigLoader loader = new ConfigLoader(flags, Map.of("ALKNET_LISTEN", "127.0.0.1:3001",
                "ALKNET_OPS_LISTEN", "127.0.0.1:3002", "ALKNET_MAX_STARTUPS", "22"));
        ServeOptions options = ServeCommand.serveOptions(loader);
        assertThat(options.listeners().get(0).port()).as("flag beats env and file").isEqualTo(2001);
        assertThat(options.opsPort()).as("env beats file").isEqualTo(3002);
        assertThat(options.limits().maxStartups()).as("env beats file").isEqualTo(22);
        assertThat(options.limits().maxAuthAttempts()).as("file beats default").isEqualTo(4);
        assertThat(options.keepalive()).as("file beats default").isEqualTo(Duration.ofSeconds(7));
        assertThat(options.drainTimeout()).as("default").isEqualTo(Duration.ofSeconds(2));
        assertThat(options.hostKey()).isEqualTo(dir.resolve("host_ed25519"));
    }

    @Test
    void booleanFlagsReachTheLoaderInEveryForm() {
        assertThat(typed("--stealth")).containsEntry("stealth", "true");
        assertThat(typed("--stealth=true")).containsEntry("stealth", "true");
        assertThat(typed("--no-stealth")).containsEntry("stealth", "false");
        assertThat(typed("--stealth=false")).containsEntry("stealth", "false");
        assertThat(typed("--listen", "127.0.0.1:1")).doesNotContainKey("stealth");
    }

    @Test
    void stealthFollowsFlagThenEnvironmentThenFileThenDefault() throws Exception {
        Path on = tlsFile("stealth = true");
        Path off = tlsFile("stealth = false");
        Path unset = tlsFile("");
        Map<String, String> envOn = Map.of("ALKNET_STEALTH", "true");
        Map<String, String> envOff = Map.of("ALKNET_STEALTH", "false");
        assertThat(stealth(unset, Map.of())).as("default").isFalse();
        assertThat(stealth(on, Map.of())).as("file").isTrue();
        assertThat(stealth(on, envOff)).as("environment switches off the file").isFalse();
        assertThat(stealth(off, envOn)).as("environment switches on over the file").isTrue();
        assertThat(stealth(on, envOn, "--no-stealth")).as("--no-stealth beats environment and file").isFalse();
        assertThat(stealth(on, envOn, "--stealth=false")).as("--stealth=false beats environment and file").isFalse();
        assertThat(stealth(off, envOff, "--stealth")).as("--stealth beats environment and file").isTrue();
    }

    @Test
    void stealthIsJudgedOnTheEffectiveTransport() throws Exception {
        Path tlsWithoutStealth = tlsFile("");
        assertThat(stealth(tlsWithoutStealth, Map.of(), "--stealth")).as("file transport tls + --stealth").isTrue();
        Path tcp = dir.resolve("tcp.toml");
        Files.writeString(tcp, "[server]\nlisten = \"127.0.0.1:1\"\nstealth = true\n");
        assertThatThrownBy(() -> stealth(tcp, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(tcp + ":3: server.stealth: --stealth works only with transport tls")
                .hasMessageContaining("transport is tcp (default)").hasMessageContaining("--transport tls");
        assertThatThrownBy(() -> stealth(tlsWithoutStealth, Map.of("ALKNET_TRANSPORT", "tcp"), "--stealth"))
                .hasMessageStartingWith("--stealth: --stealth works only with transport tls")
                .hasMessageContaining("transport is tcp (ALKNET_TRANSPORT)");
    }

    private Map<String, String> typed(String... args) {
        return ServeCommand.typedFlags(new CommandLine(new ServeCommand()).parseArgs(args));
    }

    /** A TOML file with a TLS [server] listener and {@code extra} in [server]. */
    private Path tlsFile(String extra) throws Exception {
        Path toml = Files.createTempFile(dir, "tls", ".toml");
        Files.writeString(toml, """
                [server]
                listen = "127.0.0.1:1"
                transport = "tls"
                %s
                [server.tls]
                cert = "%s"
                key = "%s"
                """.formatted(extra, dir.resolve("cert.pem"), dir.resolve("key.pem")));
        return toml;
    }

    private boolean stealth(Path toml, Map<String, String> env, String... flags) {
        String[] args = new String[flags.length + 4];
        System.arraycopy(new String[] {"--config", toml.toString(), "--data-dir", dir.toString()}, 0, args, 0, 4);
        System.arraycopy(flags, 0, args, 4, flags.length);
        ConfigLoader loader = new ConfigLoader(typed(args), env);
        return loader.load().options().listeners().get(0).stealth();
    }
}
