package alknet.cli;

import alknet.testsupport.CoversOption;
import org.junit.jupiter.api.Test;
import org.junit.platform.commons.annotation.Testable;
import org.junit.platform.commons.support.AnnotationSupport;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command line is the product: every option of every command (mixins and hidden options included) needs a
 * test marked {@link CoversOption} that runs it through the real entry point and observes its effect. The
 * annotations are found by scanning the compiled test classes; {@code --help} and {@code --version} share one
 * test ({@link CoversOption#EVERY_COMMAND}). Prints the option table with the covering tests.
 */
class OptionCoverageTest {
    private static final String HELP = "--help";
    private static final String VERSION = "--version";

    @Test
    void everyOptionOfEveryCommandHasABehaviourTest() throws Exception {
        Map<String, Map<String, String>> commands = optionsByCommand();
        Map<String, List<String>> covered = new LinkedHashMap<>();
        List<String> unknown = new ArrayList<>();
        for (Method test : annotatedTests()) {
            for (CoversOption c : test.getAnnotationsByType(CoversOption.class)) {
                String key = canonical(commands, c);
                if (key == null) {
                    unknown.add(c.command() + " " + c.option() + " (on " + name(test) + ")");
                } else {
                    covered.computeIfAbsent(key, k -> new ArrayList<>()).add(name(test));
                }
            }
        }

        List<String> required = new ArrayList<>();
        commands.forEach((command, names) -> new TreeSet<>(names.values()).stream()
                .filter(option -> !option.equals(HELP) && !option.equals(VERSION))
                .forEach(option -> required.add(command + " " + option)));
        required.add(CoversOption.EVERY_COMMAND + " " + HELP);
        required.add(CoversOption.EVERY_COMMAND + " " + VERSION);

        // An option of a shared mixin (the connection options of connect, call, events, publish and worker) runs the same
        // code in every command that has the mixin: covered on one command, it is covered on all of them, provided each
        // of those commands has behaviour tests of its own (checked below), so its use of the mixin is exercised too.
        Map<String, String> sharedOrigin = sharedMixinOptions();
        Map<String, List<String>> viaMixin = new LinkedHashMap<>();
        sharedOrigin.forEach((key, origin) -> sharedOrigin.forEach((other, otherOrigin) -> {
            if (origin.equals(otherOrigin) && !key.equals(other) && covered.containsKey(other)) {
                viaMixin.computeIfAbsent(key, k -> new ArrayList<>()).add("via " + other);
            }
        }));
        List<String> commandsWithoutOwnTest = new ArrayList<>();
        for (String command : commands.keySet()) {
            boolean hasOptions = commands.get(command).values().stream().anyMatch(o -> !o.equals(HELP) && !o.equals(VERSION));
            boolean own = !hasOptions || covered.keySet().stream().anyMatch(k -> k.startsWith(command + " "));
            if (!own) {
                commandsWithoutOwnTest.add(command);
            }
        }

        StringBuilder table = new StringBuilder("option | covering tests\n");
        List<String> missing = new ArrayList<>();
        for (String option : required) {
            List<String> tests = new ArrayList<>(covered.getOrDefault(option, List.of()));
            if (tests.isEmpty()) {
                tests.addAll(viaMixin.getOrDefault(option, List.of()));
            }
            table.append(option).append(" | ").append(tests.isEmpty() ? "NONE" : String.join(", ", tests)).append('\n');
            if (tests.isEmpty()) {
                missing.add(option);
            }
        }
        System.out.println(table);
        assertThat(unknown).as("@CoversOption naming no existing command option").isEmpty();
        assertThat(missing).as("options without a behaviour test (mark one with @CoversOption)").isEmpty();
        assertThat(commandsWithoutOwnTest).as("commands without a behaviour test of their own").isEmpty();
    }

    /**
     * "command option" -> "MixinClass option" for every option that a mixin class shared by two or more commands
     * declares (an option declared on the command class itself is never shared).
     */
    private static Map<String, String> sharedMixinOptions() {
        Map<String, String> origin = new LinkedHashMap<>();
        CommandLine root = new CommandLine(new Main());
        root.getSubcommands().forEach((name, sub) -> {
            Class<?> commandClass = sub.getCommandSpec().userObject().getClass();
            for (OptionSpec option : sub.getCommandSpec().options()) {
                if (option.userObject() instanceof java.lang.reflect.Field field && field.getDeclaringClass() != commandClass) {
                    origin.put(name + " " + option.longestName(), field.getDeclaringClass().getName() + " " + option.longestName());
                }
            }
        });
        Map<String, Long> users = new LinkedHashMap<>();
        origin.values().forEach(o -> users.merge(o, 1L, Long::sum));
        origin.values().removeIf(o -> users.get(o) < 2);
        return origin;
    }

    /** Command name -> (every name of every option -> the option's longest name); help and version are shared. */
    private static Map<String, Map<String, String>> optionsByCommand() {
        Map<String, Map<String, String>> commands = new LinkedHashMap<>();
        CommandLine root = new CommandLine(new Main());
        root.getSubcommands().forEach((name, sub) -> commands.put(name, names(sub.getCommandSpec())));
        assertThat(commands).as("subcommands").containsKeys("serve", "connect", "quickstart", "token");
        return commands;
    }

    private static Map<String, String> names(CommandSpec spec) {
        Map<String, String> names = new LinkedHashMap<>();
        for (OptionSpec option : spec.options()) {
            String canonical = option.usageHelp() ? HELP : option.versionHelp() ? VERSION : option.longestName();
            for (String name : option.names()) {
                names.put(name, canonical);
            }
        }
        return names;
    }

    private static String canonical(Map<String, Map<String, String>> commands, CoversOption c) {
        if (c.command().equals(CoversOption.EVERY_COMMAND)) {
            return c.option().equals(HELP) || c.option().equals(VERSION) ? c.command() + " " + c.option() : null;
        }
        Map<String, String> names = commands.get(c.command());
        String option = names == null ? null : names.get(c.option());
        return option == null ? null : c.command() + " " + option;
    }

    /** Test methods (JUnit testable) carrying {@link CoversOption}, from every class under the test-classes root. */
    private static List<Method> annotatedTests() throws Exception {
        Path root = Path.of(OptionCoverageTest.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<Method> tests = new ArrayList<>();
        for (String className : classNames(root)) {
            Class<?> type = Class.forName(className, false, OptionCoverageTest.class.getClassLoader());
            for (Method m : type.getDeclaredMethods()) {
                if (m.getAnnotationsByType(CoversOption.class).length > 0) {
                    assertThat(AnnotationSupport.isAnnotated(m, Testable.class))
                            .as("%s carries @CoversOption but is not a test", name(m)).isTrue();
                    tests.add(m);
                }
            }
        }
        assertThat(tests).as("tests marked @CoversOption under " + root).isNotEmpty();
        return tests;
    }

    private static List<String> classNames(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(f -> f.toString().endsWith(".class"))
                    .map(f -> root.relativize(f).toString())
                    .map(f -> f.substring(0, f.length() - ".class".length()).replace('/', '.'))
                    .filter(n -> !n.endsWith("module-info") && !n.endsWith("package-info"))
                    .sorted().toList();
        }
    }

    private static String name(Method m) {
        return m.getDeclaringClass().getSimpleName() + "." + m.getName();
    }
}
