package alknet.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The lines one output stream of a child process has printed so far. Thread-safe; waits end early
 * (with the lines seen, in the failure message) when the stream closes without a match.
 */
public final class ProcessOutput {
    private final String name;
    private final List<String> lines = new ArrayList<>();
    private boolean ended;
    private Thread pump;

    private ProcessOutput(String name) {
        this.name = name;
    }

    /** Starts a daemon thread that reads {@code in} line by line; each line also goes to {@code tap}. */
    static ProcessOutput pump(String name, InputStream in, Consumer<String> tap) {
        ProcessOutput output = new ProcessOutput(name);
        output.pump = new Thread(() -> output.readAll(in, tap), "pump " + name);
        output.pump.setDaemon(true);
        output.pump.start();
        return output;
    }

    private void readAll(InputStream in, Consumer<String> tap) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                tap.accept(line);
                synchronized (this) {
                    lines.add(line);
                    notifyAll();
                }
            }
        } catch (IOException ignored) {
            // stream closed because the process was killed
        } finally {
            synchronized (this) {
                ended = true;
                notifyAll();
            }
        }
    }

    /** Snapshot of all lines so far. */
    public synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    /** All lines so far joined with newlines. */
    public String text() {
        return String.join("\n", lines());
    }

    /** True once the stream reached its end (the process closed it or exited). */
    public synchronized boolean ended() {
        return ended;
    }

    public synchronized boolean containsLine(String substring) {
        return lines.stream().anyMatch(l -> l.contains(substring));
    }

    /** Waits until some line (already printed or future) contains {@code substring}; returns that line. */
    public synchronized String awaitLine(String substring, Duration timeout) {
        return lines.get(awaitLineIndex(Pattern.compile(Pattern.quote(substring)), timeout));
    }

    /** Waits until some line matches {@code pattern} (find semantics); returns the matcher on that line. */
    public synchronized Matcher awaitMatch(Pattern pattern, Duration timeout) {
        Matcher m = pattern.matcher(lines.get(awaitLineIndex(pattern, timeout)));
        m.find();
        return m;
    }

    private synchronized int awaitLineIndex(Pattern pattern, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        int checked = 0;
        while (true) {
            for (; checked < lines.size(); checked++) {
                if (pattern.matcher(lines.get(checked)).find()) {
                    return checked;
                }
            }
            if (ended) {
                throw new AssertionError(name + " ended without a line matching '" + pattern + "'; it printed:\n"
                        + String.join("\n", lines));
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no line matching '" + pattern + "' on " + name + " within " + timeout
                        + "; it printed:\n" + String.join("\n", lines));
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting on " + name, e);
            }
        }
    }

    /** Waits (bounded) until the stream has been read to its end, so lines() is complete after an exit. */
    public void awaitEnd(Duration timeout) {
        try {
            pump.join(Math.max(1, timeout.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
