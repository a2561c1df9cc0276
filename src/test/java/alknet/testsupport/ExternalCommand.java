package alknet.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/** Runs a short-lived command (ssh-keygen, curl, kill) to completion with a bounded wait. */
public final class ExternalCommand {
    private ExternalCommand() {}

    /** Exit code and complete output of a finished command. */
    public record Result(List<String> command, int exitCode, String stdout, String stderr) {
        /** Returns this result, or throws IllegalStateException with the stderr when the exit code is not 0. */
        public Result requireSuccess() {
            if (exitCode != 0) {
                throw new IllegalStateException(String.join(" ", command) + " exited with " + exitCode
                        + "\nstdout: " + stdout + "\nstderr: " + stderr);
            }
            return this;
        }
    }

    public static Result run(Duration timeout, String... command) {
        return run(timeout, Arrays.asList(command));
    }

    /** Runs {@code command} with stdin from /dev/null; kills it and throws AssertionError on timeout. */
    public static Result run(Duration timeout, List<String> command) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectInput(new File("/dev/null"));
        Process process;
        try {
            process = ChildProcesses.start(builder);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
        Collector out = new Collector(process.getInputStream());
        Collector err = new Collector(process.getErrorStream());
        int code;
        try {
            code = ChildProcesses.awaitExit(process, timeout, () -> "command: " + command);
        } catch (AssertionError e) {
            ChildProcesses.killTree(process, Duration.ofSeconds(5));
            throw e;
        }
        return new Result(List.copyOf(command), code, out.text(), err.text());
    }

    /** Reads one stream fully on its own thread so a chatty command never blocks on a full pipe. */
    private static final class Collector {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final Thread thread;

        Collector(InputStream in) {
            thread = new Thread(() -> {
                try (in) {
                    in.transferTo(bytes);
                } catch (IOException ignored) {
                    // process killed
                }
            }, "external-command-output");
            thread.setDaemon(true);
            thread.start();
        }

        String text() {
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            synchronized (bytes) {
                return bytes.toString(StandardCharsets.UTF_8);
            }
        }
    }
}
