package alknet.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar alknet.jar <command>}: the CLI, built on the embedding API (00-overview.md). */
@Command(name = "alknet",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "SSH-based tunnel and service-mesh node: SOCKS5 and -L/-R forwards over one SSH session.",
        subcommands = {ServeCommand.class, ConnectCommand.class, WorkerCommand.class, CallCommand.class, EventsCommand.class, PublishCommand.class,
                QuickstartCommand.class, TokenCommand.class,
                CommandLine.HelpCommand.class},
        footer = {"", "Exit codes: 0 ok, 1 runtime failure, 2 usage error, 3 authentication refused or host key mismatch."})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            // Bad flags, environment, TOML or key files are the user's input: usage errors, with the fix in the message.
            if (e instanceof IllegalArgumentException || e instanceof alknet.config.ConfigException) {
                cmd.getErr().println("alknet: " + e.getMessage());
                return ExitCodes.USAGE;
            }
            cmd.getErr().println("alknet: " + e);
            return ExitCodes.FAILURE;
        });
        return cli.execute(args);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: use serve, connect or quickstart (see --help)");
    }
}
