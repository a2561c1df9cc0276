package alknet.testsupport;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Starts and kills child processes for the fixtures. Every child is also killed when the test JVM
 * exits, so a forgotten close() never leaves an sshd or alknet running after the build.
 */
final class ChildProcesses {
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(
                () -> new ArrayList<>(LIVE).forEach(p -> killTree(p, Duration.ofSeconds(2))),
                "alknet-testsupport-reaper"));
    }

    private ChildProcesses() {}

    static Process start(ProcessBuilder builder) throws IOException {
        Process process = builder.start();
        LIVE.add(process);
        return process;
    }

    /** SIGKILLs the process and all its descendants, then waits (bounded) until they are gone. */
    static void killTree(Process process, Duration wait) {
        List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
        all.add(process.toHandle());
        all.forEach(ProcessHandle::destroyForcibly);
        long deadline = System.nanoTime() + wait.toNanos();
        for (ProcessHandle handle : all) {
            long left = Math.max(0, deadline - System.nanoTime());
            try {
                handle.onExit().get(left, TimeUnit.NANOSECONDS);
            } catch (Exception ignored) {
                // bounded wait; a zombie grandchild must not hang the test run
            }
        }
        LIVE.remove(process);
    }

    /** Waits for exit; returns the exit code, or throws AssertionError with {@code context} on timeout. */
    static int awaitExit(Process process, Duration timeout, java.util.function.Supplier<String> context) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("process " + process.pid() + " still running after " + timeout
                        + "\n" + context.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for process " + process.pid(), e);
        }
        LIVE.remove(process);
        return process.exitValue();
    }

    /** Sends a signal by name ("STOP", "CONT", "TERM", "KILL", "HUP", ...) with the real kill command. */
    static void signal(long pid, String signal) {
        String name = signal.startsWith("SIG") ? signal.substring(3) : signal;
        ExternalCommand.Result result =
                ExternalCommand.run(Duration.ofSeconds(5), "kill", "-" + name, Long.toString(pid));
        if (result.exitCode() != 0) {
            throw new IllegalStateException("kill -" + name + " " + pid + " failed: " + result.stderr());
        }
    }
}
