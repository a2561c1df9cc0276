package alknet.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Runs a command with a real terminal ({@code script(1)} gives it a pseudo-terminal), typing {@code typed} into it,
 * for what only happens on a terminal (e.g. {@code System.console()} passphrase prompts). Output is the terminal's:
 * stdout and stderr together, with CR LF line ends. {@code ALKNET_*} variables are not passed on.
 */
public final class Terminal {
    private Terminal() {}

    public static ExternalCommand.Result run(Duration timeout, String typed, List<String> command) {
        String shellCommand = command.stream().map(Terminal::quote).collect(Collectors.joining(" "));
        ProcessBuilder builder = new ProcessBuilder("script", "-qec", shellCommand, "/dev/null").redirectErrorStream(true);
        builder.environment().keySet().removeIf(k -> k.startsWith("ALKNET_"));
        Process process;
        try {
            process = ChildProcesses.start(builder);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start script(1)", e);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Thread reader = new Thread(() -> copy(process.getInputStream(), out), "terminal output");
        reader.setDaemon(true);
        reader.start();
        OutputStream keyboard = process.getOutputStream();
        try {
            // The terminal buffers typed lines until the program reads them; stdin stays open so script keeps going.
            keyboard.write(typed.getBytes(StandardCharsets.UTF_8));
            keyboard.flush();
            int code = ChildProcesses.awaitExit(process, timeout, () -> "terminal output so far:\n" + text(out));
            reader.join(5_000);
            return new ExternalCommand.Result(List.copyOf(command), code, text(out), "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            ChildProcesses.killTree(process, Duration.ofSeconds(5));
        }
    }

    private static String quote(String arg) {
        return "'" + arg.replace("'", "'\\''") + "'";
    }

    private static void copy(InputStream in, ByteArrayOutputStream out) {
        byte[] buffer = new byte[4096];
        try {
            for (int n; (n = in.read(buffer)) > 0; ) {
                synchronized (out) {
                    out.write(buffer, 0, n);
                }
            }
        } catch (IOException ignored) {
            // the process ended
        }
    }

    private static String text(ByteArrayOutputStream out) {
        synchronized (out) {
            return out.toString(StandardCharsets.UTF_8);
        }
    }
}
