package alknet.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The run-wide destination-free-logs check (10-tunnel.md section 4, acceptance 7). Registered for
 * every Jupiter test class through META-INF/services/org.junit.jupiter.api.extension.Extension
 * and {@code junit.jupiter.extensions.autodetection.enabled=true} in junit-platform.properties.
 * <ul>
 * <li>Before each class it (re)installs the in-process LogCollector appender.</li>
 * <li>After each class it fails that class if a line logged meanwhile (in-process logback at every
 * enabled level, or a child alknet process's stdout/stderr) names a destination recorded in
 * {@link TunnelDestinations} so far.</li>
 * <li>When the Jupiter engine finishes (a resource in the root store is closed), it checks EVERY line
 * gathered during the run against EVERY destination recorded during the run, which also catches
 * lines logged after their class ended and destinations recorded by a later class; a violation
 * fails the run (reported on the engine) and is written to
 * {@code target/destination-free-logs-violations.txt}.</li>
 * </ul>
 */
public final class DestinationFreeLogsExtension implements BeforeAllCallback, AfterAllCallback {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(DestinationFreeLogsExtension.class);
    private static final Path REPORT = Path.of("target", "destination-free-logs-violations.txt");

    @Override
    public void beforeAll(ExtensionContext context) {
        LogCollector.installInProcess();
        context.getRoot().getStore(NS).getOrComputeIfAbsent("run-check", k -> new RunCheck(), RunCheck.class);
        context.getStore(NS).put("mark", LogCollector.mark());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        Integer mark = context.getStore(NS).get("mark", Integer.class);
        if (mark == null || context.getTestClass().map(c -> c.getEnclosingClass() != null).orElse(false)) {
            return; // a @Nested class: its outer class checks the same lines
        }
        DestinationFreeLogs.assertNone(
                DestinationFreeLogs.leaks(LogCollector.linesSince(mark), TunnelDestinations.all()),
                "logged during " + context.getDisplayName());
    }

    /** Closed by Jupiter at the end of the engine's run: the whole-run check. */
    @SuppressWarnings("deprecation")
    private static final class RunCheck implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        @Override
        public void close() {
            List<String> lines = LogCollector.lines();
            List<String> leaks = DestinationFreeLogs.leaks(lines, TunnelDestinations.all());
            if (leaks.isEmpty()) {
                return;
            }
            String report = "DESTINATION LEAK over the whole test run: " + leaks.size() + " finding(s) in "
                    + lines.size() + " collected log lines, " + TunnelDestinations.all().size()
                    + " recorded destinations\n" + String.join("\n", leaks) + "\n";
            try {
                if (Files.isDirectory(REPORT.getParent())) {
                    Files.writeString(REPORT, report);
                }
            } catch (IOException e) {
                report += "(cannot write " + REPORT + ": " + e + ")\n";
            }
            throw new AssertionError(report);
        }
    }
}
