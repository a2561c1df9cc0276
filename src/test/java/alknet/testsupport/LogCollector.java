package alknet.testsupport;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.AppenderBase;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Every log line alknet produced during the test run, from child processes ({@link AlknetProcess}
 * adds their stdout and stderr) and from in-process code (after {@link #installInProcess()}), so
 * tests can check that no destination ever reaches a log (10-tunnel.md section 4).
 */
public final class LogCollector {
    private static final String APPENDER_NAME = "alknet-test-log-collector";
    private static final List<Entry> ENTRIES = new ArrayList<>();

    private record Entry(String source, String line) {}

    private LogCollector() {}

    /** Records one line; {@code source} names where it came from (shown in assertion messages only). */
    public static void add(String source, String line) {
        synchronized (ENTRIES) {
            ENTRIES.add(new Entry(source, line));
        }
    }

    /** All lines so far, oldest first. */
    public static List<String> lines() {
        return linesSince(0);
    }

    /** A position to pass to {@link #linesSince} / {@link #assertNoLineSinceContains}, to look at one test only. */
    public static int mark() {
        synchronized (ENTRIES) {
            return ENTRIES.size();
        }
    }

    public static List<String> linesSince(int mark) {
        synchronized (ENTRIES) {
            return ENTRIES.subList(Math.min(mark, ENTRIES.size()), ENTRIES.size()).stream()
                    .map(Entry::line).toList();
        }
    }

    /** Fails (AssertionError listing the offending lines) if any line so far contains any of {@code forbidden}. */
    public static void assertNoLineContains(String... forbidden) {
        assertNoLineSinceContains(0, forbidden);
    }

    public static void assertNoLineSinceContains(int mark, String... forbidden) {
        List<String> offending = new ArrayList<>();
        synchronized (ENTRIES) {
            for (Entry entry : ENTRIES.subList(Math.min(mark, ENTRIES.size()), ENTRIES.size())) {
                for (String word : forbidden) {
                    if (entry.line().contains(word)) {
                        offending.add("[" + entry.source() + "] contains '" + word + "': " + entry.line());
                    }
                }
            }
        }
        if (!offending.isEmpty()) {
            throw new AssertionError("log lines contain forbidden text:\n" + String.join("\n", offending));
        }
    }

    /** Forgets all lines (e.g. between tests that share one JVM). */
    public static void clear() {
        synchronized (ENTRIES) {
            ENTRIES.clear();
        }
    }

    /**
     * Adds an appender to logback's root logger that records each event's formatted message plus
     * its exception messages. Idempotent; call it again after anything resets the LoggerContext.
     * Only events the configured levels let through are seen.
     */
    public static void installInProcess() {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            throw new IllegalStateException("slf4j is not bound to logback: " + LoggerFactory.getILoggerFactory());
        }
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        synchronized (LogCollector.class) {
            if (root.getAppender(APPENDER_NAME) != null) {
                return;
            }
            AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
                @Override
                protected void append(ILoggingEvent event) {
                    add("in-process " + event.getLevel() + " " + event.getLoggerName(), render(event));
                }
            };
            appender.setName(APPENDER_NAME);
            appender.setContext(context);
            appender.start();
            root.addAppender(appender);
        }
    }

    private static String render(ILoggingEvent event) {
        StringBuilder line = new StringBuilder(String.valueOf(event.getFormattedMessage()));
        for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
            line.append(" | ").append(t.getClassName()).append(": ").append(t.getMessage());
        }
        return line.toString();
    }
}
