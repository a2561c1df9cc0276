package alknet.testsupport;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code java -jar alknet.jar ARGS...} as a real child process, for end-to-end and interop tests.
 * Its stdout and stderr lines are kept here and also go to {@link LogCollector}. Inherited
 * {@code ALKNET_*} environment variables are removed so the machine's settings never leak in.
 */
public final class AlknetProcess implements AutoCloseable {
    /** JVM options used unless {@link Builder#jvmArgs} replaces them: small, quick to start. */
    public static final List<String> DEFAULT_JVM_ARGS = List.of("-XX:+UseSerialGC", "-Xmx256m");

    private final String name;
    private final List<String> command;
    private final Process process;
    private final ProcessOutput stdout;
    private final ProcessOutput stderr;

    private AlknetProcess(String name, List<String> command, Process process) {
        this.name = name;
        this.command = command;
        this.process = process;
        this.stdout = ProcessOutput.pump(name + " stdout", process.getInputStream(),
                line -> LogCollector.add(name + " stdout", line));
        this.stderr = ProcessOutput.pump(name + " stderr", process.getErrorStream(),
                line -> LogCollector.add(name + " stderr", line));
    }

    /** Starts {@code java -jar <alknet.jar> args...} with the defaults. */
    public static AlknetProcess start(String... args) {
        return builder().args(args).start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The jar: system property {@code alknet.jar} (surefire sets target/alknet.jar), else target/alknet.jar. */
    public static Path jarPath() {
        return Path.of(System.getProperty("alknet.jar", "target/alknet.jar")).toAbsolutePath();
    }

    /** Whether {@link #jarPath()} exists (it is built by {@code mvn package}, after the test phase). */
    public static boolean jarAvailable() {
        return Files.isRegularFile(jarPath());
    }

    /** Options for one run; every setter returns this. */
    public static final class Builder {
        private final List<String> args = new ArrayList<>();
        private final Map<String, String> env = new LinkedHashMap<>();
        private List<String> jvmArgs = DEFAULT_JVM_ARGS;
        private Path jar;
        private Path workingDirectory;
        private Path java;
        private final List<String> launcher = new ArrayList<>();
        private String name = "alknet";

        private Builder() {}

        /** Program arguments, e.g. "serve", "--listen", "127.0.0.1:2222". */
        public Builder args(String... more) {
            args.addAll(Arrays.asList(more));
            return this;
        }

        public Builder args(List<String> more) {
            args.addAll(more);
            return this;
        }

        /** Sets an environment variable for the child (e.g. ALKNET_SERVER). */
        public Builder env(String key, String value) {
            env.put(key, value);
            return this;
        }

        /** Home directory for the child: sets both $HOME and -Duser.home, so ~/.alknet lands there. */
        public Builder home(Path dir) {
            env.put("HOME", dir.toAbsolutePath().toString());
            return this;
        }

        /** Replaces {@link #DEFAULT_JVM_ARGS} (e.g. "-Xmx64m" to catch unbounded buffering). */
        public Builder jvmArgs(String... jvmArgs) {
            this.jvmArgs = List.of(jvmArgs);
            return this;
        }

        /** Another jar than {@link #jarPath()}. */
        public Builder jar(Path jar) {
            this.jar = jar;
            return this;
        }

        /** Another {@code java} than the test JVM's own (e.g. a newer JDK for a JVM option JDK 17 lacks). */
        public Builder java(Path javaExecutable) {
            this.java = javaExecutable;
            return this;
        }

        /** A command the java command line is run under, e.g. {@code "nohup"}: {@code nohup java -jar ...}. */
        public Builder launcher(String... prefix) {
            launcher.addAll(Arrays.asList(prefix));
            return this;
        }

        public Builder workingDirectory(Path dir) {
            this.workingDirectory = dir;
            return this;
        }

        /** Prefix of this process's lines in LogCollector and failure messages; the pid is appended. */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public AlknetProcess start() {
            Path theJar = jar != null ? jar.toAbsolutePath() : jarPath();
            if (!Files.isRegularFile(theJar)) {
                throw new IllegalStateException("alknet jar not found at " + theJar
                        + " (build it first: mvn -B package -DskipTests)");
            }
            List<String> command = new ArrayList<>(launcher);
            command.add((java != null ? java : Path.of(System.getProperty("java.home"), "bin", "java")).toString());
            command.addAll(jvmArgs);
            if (env.containsKey("HOME")) {
                command.add("-Duser.home=" + env.get("HOME"));
            }
            command.add("-jar");
            command.add(theJar.toString());
            command.addAll(args);
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().keySet().removeIf(k -> k.startsWith("ALKNET_"));
            builder.environment().putAll(env);
            if (workingDirectory != null) {
                builder.directory(workingDirectory.toFile());
            }
            Process process;
            try {
                process = ChildProcesses.start(builder);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start " + command, e);
            }
            return new AlknetProcess(name + "[" + process.pid() + "]", List.copyOf(command), process);
        }
    }

    /** Waits until a stderr line contains {@code substring}; returns the line. Fails early if stderr closes. */
    public String awaitStderrLine(String substring, Duration timeout) {
        return stderr.awaitLine(substring, timeout);
    }

    public String awaitStdoutLine(String substring, Duration timeout) {
        return stdout.awaitLine(substring, timeout);
    }

    /** Snapshot of stdout lines so far. */
    public List<String> stdoutLines() {
        return stdout.lines();
    }

    /** Snapshot of stderr lines so far. */
    public List<String> stderrLines() {
        return stderr.lines();
    }

    /** The stdout stream's lines, for pattern waits ({@link ProcessOutput#awaitMatch}). */
    public ProcessOutput stdout() {
        return stdout;
    }

    public ProcessOutput stderr() {
        return stderr;
    }

    /** The child's standard input. */
    public OutputStream stdin() {
        return process.getOutputStream();
    }

    /** Waits for exit and returns the exit code; both streams are fully read when this returns. */
    public int exitCode(Duration timeout) {
        int code = ChildProcesses.awaitExit(process, timeout,
                () -> name + " stdout:\n" + stdout.text() + "\n" + name + " stderr:\n" + stderr.text());
        stdout.awaitEnd(Duration.ofSeconds(5));
        stderr.awaitEnd(Duration.ofSeconds(5));
        return code;
    }

    /** Sends a signal with {@code kill -SIG pid}: "TERM", "INT", "HUP", "STOP", "CONT", "KILL". */
    public void signal(String signal) {
        ChildProcesses.signal(process.pid(), signal);
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public List<String> command() {
        return command;
    }

    /** Kills the process (SIGKILL, also if stopped) and waits for it. */
    @Override
    public void close() {
        ChildProcesses.killTree(process, Duration.ofSeconds(10));
        stdout.awaitEnd(Duration.ofSeconds(2));
        stderr.awaitEnd(Duration.ofSeconds(2));
    }

    @Override
    public String toString() {
        return name;
    }
}
