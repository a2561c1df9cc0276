package alknet.testsupport;

import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a test that runs a command-line option through the real entry point and observes its effect (a 404, a
 * refused login, a closed connection), not a log line. {@code alknet.cli.OptionCoverageTest} fails for every
 * option of every command that no test claims.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@Repeatable(CoversOption.List.class)
public @interface CoversOption {
    /** For {@code --help} and {@code --version}: one shared test covers them for every command. */
    String EVERY_COMMAND = "*";

    /** The subcommand, e.g. {@code "serve"}, or {@link #EVERY_COMMAND}. */
    String command();

    /** Any name of the option, e.g. {@code "--stealth"}, {@code "-L"} or {@code "--forward"}. */
    String option();

    /** The container that makes the annotation repeatable. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @interface List {
        CoversOption[] value();
    }
}
