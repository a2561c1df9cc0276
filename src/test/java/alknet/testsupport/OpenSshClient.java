package alknet.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The real OpenSSH client ({@code /usr/bin/ssh}) as a child process, for interop tests against
 * {@code alknet serve} and for checking the fixtures against {@link OpenSshd}. Runs non-interactive
 * with no config file, no agent, no known_hosts and only the given identity.
 */
public final class OpenSshClient implements AutoCloseable {
    public static final String SSH = "/usr/bin/ssh";
    /** How long the convenience factories wait for a forward to come up. */
    public static final Duration FORWARD_TIMEOUT = Duration.ofSeconds(10);
    private static final Pattern ALLOCATED_PORT = Pattern.compile("Allocated port (\\d+) for remote forward");

    private final List<String> command;
    private final Process process;
    private final ProcessOutput stderr;

    private OpenSshClient(List<String> command, Process process, ProcessOutput stderr) {
        this.command = command;
        this.process = process;
        this.stderr = stderr;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** {@code ssh -N -D 127.0.0.1:socksPort}, returned once the SOCKS port listens. */
    public static OpenSshClient dynamicForward(int sshPort, Path identity, int socksPort) {
        OpenSshClient ssh = builder().port(sshPort).identity(identity)
                .args("-N", "-D", "127.0.0.1:" + socksPort).start();
        return ssh.waitingForPort(socksPort);
    }

    /** {@code ssh -N -L 127.0.0.1:localPort:targetHost:targetPort}, returned once localPort listens. */
    public static OpenSshClient localForward(int sshPort, Path identity, int localPort, String targetHost,
            int targetPort) {
        OpenSshClient ssh = builder().port(sshPort).identity(identity)
                .args("-N", "-L", "127.0.0.1:" + localPort + ":" + bracket(targetHost) + ":" + targetPort).start();
        return ssh.waitingForPort(localPort);
    }

    /**
     * {@code ssh -N -R 127.0.0.1:remotePort:localHost:localPort} (remotePort 0 = server picks), returned
     * once the server has confirmed the forward; {@link #remoteForwardPort} then tells the port.
     */
    public static OpenSshClient remoteForward(int sshPort, Path identity, int remotePort, String localHost,
            int localPort) {
        OpenSshClient ssh = builder().port(sshPort).identity(identity)
                .args("-N", "-R", "127.0.0.1:" + remotePort + ":" + bracket(localHost) + ":" + localPort).start();
        try {
            if (remotePort == 0) {
                ssh.awaitAllocatedRemotePort(FORWARD_TIMEOUT);
            } else {
                ssh.waitForPort(remotePort); // the server side is on this host too
            }
            return ssh;
        } catch (RuntimeException | Error e) {
            ssh.close();
            throw e;
        }
    }

    /** {@code ssh -W host:port}: stdin()/stdout() are then the raw stream to the target. */
    public static OpenSshClient stdioForward(int sshPort, Path identity, String host, int port) {
        return builder().port(sshPort).identity(identity).args("-W", bracket(host) + ":" + port).start();
    }

    private static String bracket(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    private OpenSshClient waitingForPort(int port) {
        try {
            waitForPort(port);
            return this;
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    /** Options for one ssh run; every setter returns this. */
    public static final class Builder {
        private final Map<String, String[]> options = new LinkedHashMap<>();
        private final List<String> args = new ArrayList<>();
        private String host = "127.0.0.1";
        private int port = 22;
        private String user = System.getProperty("user.name");
        private Path identity;

        private Builder() {
            option("BatchMode", "yes");
            option("StrictHostKeyChecking", "no");
            option("UserKnownHostsFile", "/dev/null");
            option("ExitOnForwardFailure", "yes");
            option("ServerAliveInterval", "5");
            option("ConnectTimeout", "10");
            option("IdentitiesOnly", "yes");
            option("IdentityAgent", "none");
        }

        public Builder host(String host) {
            this.host = host;
            return this;
        }

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Login name; default the test JVM's user.name. */
        public Builder user(String user) {
            this.user = user;
            return this;
        }

        /** Private key for {@code -i}; without one, no key is offered at all (IdentitiesOnly). */
        public Builder identity(Path privateKey) {
            this.identity = privateKey;
            return this;
        }

        /** An OpenSSH user certificate to present with the identity ({@code -o CertificateFile=}). */
        public Builder certificate(Path certificate) {
            return option("CertificateFile", certificate.toString());
        }

        /**
         * Sets or replaces a {@code -o Key=Value} option (ssh keeps the first value it sees, so this
         * replaces a default such as StrictHostKeyChecking rather than adding a second one).
         */
        public Builder option(String key, String value) {
            options.put(key.toLowerCase(Locale.ROOT), new String[] {key, value});
            return this;
        }

        /** Pins the server's key: StrictHostKeyChecking=yes with a known_hosts file the test wrote. */
        public Builder knownHosts(Path knownHostsFile) {
            option("StrictHostKeyChecking", "yes");
            return option("UserKnownHostsFile", knownHostsFile.toString());
        }

        /** Arguments placed before the destination, e.g. "-N", "-D", "1080" or "-W", "host:80". */
        public Builder args(String... more) {
            args.addAll(Arrays.asList(more));
            return this;
        }

        /** Starts ssh; it is running (or failing) in the background when this returns. */
        public OpenSshClient start() {
            List<String> command = new ArrayList<>();
            command.add(SSH);
            command.add("-F");
            command.add("/dev/null");
            options.values().forEach(kv -> {
                command.add("-o");
                command.add(kv[0] + "=" + kv[1]);
            });
            if (identity != null) {
                command.add("-i");
                command.add(identity.toString());
            }
            command.add("-p");
            command.add(Integer.toString(port));
            command.addAll(args);
            command.add(user + "@" + host);
            Process process;
            try {
                process = ChildProcesses.start(new ProcessBuilder(command));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start " + SSH, e);
            }
            ProcessOutput stderr = ProcessOutput.pump("ssh[" + process.pid() + "] stderr",
                    process.getErrorStream(), line -> { });
            return new OpenSshClient(List.copyOf(command), process, stderr);
        }
    }

    /** Waits up to 10 s until {@code port} listens on this host (without connecting to it). */
    public void waitForPort(int port) {
        waitForPort(port, FORWARD_TIMEOUT);
    }

    /** Waits until {@code port} listens; fails at once, with ssh's stderr, if ssh exits first. */
    public void waitForPort(int port, Duration timeout) {
        ListeningPorts.await(port, timeout, this::deathNotice);
    }

    /** For {@code -R 0:...}: the port the server allocated, from ssh's "Allocated port N" line. */
    public int awaitAllocatedRemotePort(Duration timeout) {
        return Integer.parseInt(stderr.awaitMatch(ALLOCATED_PORT, timeout).group(1));
    }

    /** The allocated remote port if ssh has reported one, else -1. */
    public int remoteForwardPort() {
        for (String line : stderr.lines()) {
            var m = ALLOCATED_PORT.matcher(line);
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
        }
        return -1;
    }

    private String deathNotice() {
        if (process.isAlive()) {
            return null;
        }
        stderr.awaitEnd(Duration.ofSeconds(2));
        return "ssh exited with code " + process.exitValue() + "; stderr:\n" + stderr.text()
                + "\ncommand: " + String.join(" ", command);
    }

    /** ssh's standard input (the stream to the target with -W). */
    public OutputStream stdin() {
        return process.getOutputStream();
    }

    /** ssh's standard output (the stream from the target with -W); not read by the fixture. */
    public InputStream stdout() {
        return process.getInputStream();
    }

    /** Everything ssh printed on stderr so far. */
    public ProcessOutput stderr() {
        return stderr;
    }

    public Process process() {
        return process;
    }

    public List<String> command() {
        return command;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Waits for ssh to exit and returns its exit code (255 = connection or auth failure). */
    public int exitCode(Duration timeout) {
        int code = ChildProcesses.awaitExit(process, timeout, () -> "ssh stderr:\n" + stderr.text());
        stderr.awaitEnd(Duration.ofSeconds(2));
        return code;
    }

    /** Kills ssh and waits for it. */
    @Override
    public void close() {
        ChildProcesses.killTree(process, Duration.ofSeconds(10));
        stderr.awaitEnd(Duration.ofSeconds(2));
    }
}
