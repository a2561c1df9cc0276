package alknet.cli;

import alknet.testsupport.CoversOption;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shared behaviour test of {@code --help} and {@code --version} for every command, through {@link Main#run}:
 * help exits 0 and shows every visible option (a negatable one as {@code --[no-]NAME}); version prints the version.
 */
class HelpAndVersionTest {
    @Test
    @CoversOption(command = CoversOption.EVERY_COMMAND, option = "--help")
    @CoversOption(command = CoversOption.EVERY_COMMAND, option = "--version")
    void everyCommandPrintsItsHelpAndTheVersion() {
        Output top = run("--help");
        assertThat(top.code()).isZero();
        assertThat(top.out()).contains("Usage: alknet").contains("serve").contains("connect").contains("quickstart")
                .contains("token");
        assertThat(run("-V").out()).startsWith("alknet " + Version.VERSION);

        new CommandLine(new Main()).getSubcommands().forEach((name, sub) -> {
            Output help = withSystemErr(name + " --help", () -> run(name, "--help"));
            assertThat(help.code()).as(name + " --help exit code").isZero();
            assertThat(help.out()).as(name + " --help").contains("Usage: alknet " + name);
            for (OptionSpec option : sub.getCommandSpec().options()) {
                if (!option.hidden()) {
                    String shown = option.negatable() ? option.longestName().replaceFirst("^--", "--[no-]") : option.longestName();
                    assertThat(help.out()).as(name + " --help shows " + shown).contains(shown);
                }
            }
            if (!name.equals("help")) {
                Output version = run(name, "--version");
                assertThat(version.code()).as(name + " --version exit code").isZero();
                assertThat(version.out()).as(name + " --version").startsWith("alknet " + Version.VERSION);
            }
        });
    }

    /** Runs {@code action} and fails if picocli complained on System.err (e.g. an unescaped % in a description). */
    private static Output withSystemErr(String what, java.util.function.Supplier<Output> action) {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            return action.get();
        } finally {
            System.setErr(original);
            assertThat(captured.toString(StandardCharsets.UTF_8)).as(what + " writes no picocli warning").isEmpty();
        }
    }

    @Test
    void stealthHelpNamesTheFormsThatSwitchItOff() {
        assertThat(run("serve", "--help").out()).contains("--[no-]stealth").contains("--stealth=false")
                .contains("ALKNET_STEALTH");
    }

    private record Output(int code, String out) {}

    private static Output run(String... args) {
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            int code = Main.run(args);
            return new Output(code, out.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(original);
        }
    }
}
