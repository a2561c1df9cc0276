package alknet.testsupport;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The real OpenSSH server ({@code /usr/sbin/sshd -D -e -f CONFIG}) on a free 127.0.0.1 port with
 * its own config and ed25519 host key in a private directory: the reference peer for the
 * "alknet connect against sshd" interop tests (10-tunnel.md section 6).
 */
public final class OpenSshd implements AutoCloseable {
    public static final String SSHD = "/usr/sbin/sshd";
    private static final Path PRIVSEP_DIR = Path.of("/run/sshd");
    private static final int START_ATTEMPTS = 3;

    private final Path directory;
    private final boolean ownsDirectory;
    private final Path configFile;
    private final Path hostPublicKey;
    private final String hostKeyFingerprint;
    private final int port;
    private final Process process;
    private final ProcessOutput stderr;

    private OpenSshd(Path directory, boolean ownsDirectory, Path configFile, Path hostPublicKey,
            String hostKeyFingerprint, int port, Process process, ProcessOutput stderr) {
        this.directory = directory;
        this.ownsDirectory = ownsDirectory;
        this.configFile = configFile;
        this.hostPublicKey = hostPublicKey;
        this.hostKeyFingerprint = hostKeyFingerprint;
        this.port = port;
        this.process = process;
        this.stderr = stderr;
    }

    /** Starts sshd accepting the keys in {@code authorizedKeys}, LogLevel VERBOSE, and waits until it listens. */
    public static OpenSshd start(Path authorizedKeys) {
        return builder().authorizedKeys(authorizedKeys).start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Options for one sshd; every setter returns this. */
    public static final class Builder {
        private final Map<String, String> extra = new LinkedHashMap<>();
        private Path authorizedKeys;
        private Path directory;
        private String logLevel = "VERBOSE";
        private Duration startTimeout = Duration.ofSeconds(10);

        private Builder() {}

        /** Required: the AuthorizedKeysFile (sshd re-reads it on every login, so tests may rewrite it). */
        public Builder authorizedKeys(Path file) {
            this.authorizedKeys = file.toAbsolutePath();
            return this;
        }

        /** sshd LogLevel: QUIET, FATAL, ERROR, INFO, VERBOSE (default), DEBUG, DEBUG1..3. */
        public Builder logLevel(String level) {
            this.logLevel = level;
            return this;
        }

        /**
         * Sets or replaces an sshd_config keyword (e.g. "AllowTcpForwarding", "no";
         * "PermitOpen", "127.0.0.1:80"). sshd keeps the first value it reads, so this replaces the
         * default rather than appending after it.
         */
        public Builder config(String keyword, String value) {
            extra.put(keyword, value);
            return this;
        }

        /** Directory for config and host key; default is a fresh temp dir deleted on close. */
        public Builder directory(Path dir) {
            this.directory = dir;
            return this;
        }

        public Builder startTimeout(Duration timeout) {
            this.startTimeout = timeout;
            return this;
        }

        /** Starts sshd and waits (bounded) until its port listens; fails with sshd's stderr if it dies. */
        public OpenSshd start() {
            if (authorizedKeys == null) {
                throw new IllegalStateException("authorizedKeys(...) is required");
            }
            boolean owns = directory == null;
            Path dir = owns ? TempDirs.create("alknet-sshd-") : directory.toAbsolutePath();
            try {
                return startIn(dir, owns);
            } catch (RuntimeException | Error e) {
                if (owns) {
                    TempDirs.deleteQuietly(dir);
                }
                throw e;
            }
        }

        private OpenSshd startIn(Path dir, boolean owns) {
            ensurePrivilegeSeparationDirectory();
            SshKeyPair hostKey = SshKeys.generateEd25519(dir, "ssh_host_ed25519_key");
            Path config = dir.resolve("sshd_config");
            AssertionError lastFailure = null;
            for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
                int port = FreePorts.pick();
                write(config, configText(port, hostKey.privateKey()));
                Process process;
                try {
                    process = ChildProcesses.start(new ProcessBuilder(SSHD, "-D", "-e", "-f", config.toString())
                            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                            .redirectOutput(ProcessBuilder.Redirect.DISCARD));
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot start " + SSHD, e);
                }
                ProcessOutput err = ProcessOutput.pump("sshd[" + process.pid() + "] stderr",
                        process.getErrorStream(), line -> { });
                try {
                    ListeningPorts.await(port, startTimeout, () -> deathNotice(process, err));
                    return new OpenSshd(dir, owns, config, hostKey.publicKey(), hostKey.fingerprint(), port,
                            process, err);
                } catch (AssertionError e) {
                    ChildProcesses.killTree(process, Duration.ofSeconds(5));
                    lastFailure = e;
                    if (!err.text().contains("Address already in use")) {
                        throw e;
                    }
                }
            }
            throw lastFailure;
        }

        private String configText(int port, Path hostKey) {
            ConfigLines config = new ConfigLines();
            config.put("Port", Integer.toString(port));
            config.put("ListenAddress", "127.0.0.1");
            config.put("HostKey", quote(hostKey));
            config.put("AuthorizedKeysFile", quote(authorizedKeys));
            config.put("StrictModes", "no");
            config.put("PubkeyAuthentication", "yes");
            config.put("PasswordAuthentication", "no");
            config.put("KbdInteractiveAuthentication", "no");
            config.put("UsePAM", "no");
            config.put("PermitRootLogin", "prohibit-password");
            config.put("AllowTcpForwarding", "yes");
            config.put("GatewayPorts", "no");
            config.put("X11Forwarding", "no");
            config.put("AllowAgentForwarding", "no");
            config.put("PrintMotd", "no");
            config.put("UseDNS", "no");
            config.put("PidFile", "none");
            config.put("LogLevel", logLevel);
            extra.forEach(config::put);
            return config.text();
        }
    }

    /** sshd_config keywords are case-insensitive and the first value wins, so a later put replaces. */
    private static final class ConfigLines {
        private final Map<String, String[]> lines = new LinkedHashMap<>();

        void put(String keyword, String value) {
            lines.put(keyword.toLowerCase(Locale.ROOT), new String[] {keyword, value});
        }

        String text() {
            StringBuilder text = new StringBuilder();
            lines.values().forEach(kv -> text.append(kv[0]).append(' ').append(kv[1]).append('\n'));
            return text.toString();
        }
    }

    private static String quote(Path path) {
        return "\"" + path.toAbsolutePath() + "\"";
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** As root, sshd refuses to start without its privilege separation directory. */
    private static void ensurePrivilegeSeparationDirectory() {
        if (!Files.isDirectory(PRIVSEP_DIR)) {
            try {
                Files.createDirectories(PRIVSEP_DIR);
            } catch (IOException ignored) {
                // not root: sshd does not need it then
            }
        }
    }

    private static String deathNotice(Process process, ProcessOutput err) {
        if (process.isAlive()) {
            return null;
        }
        err.awaitEnd(Duration.ofSeconds(2));
        return "sshd exited with code " + process.exitValue() + "; stderr:\n" + err.text();
    }

    public int port() {
        return port;
    }

    /** "SHA256:..." of the host key, as {@code ssh-keygen -lf} prints it. */
    public String hostKeyFingerprint() {
        return hostKeyFingerprint;
    }

    /** The host public key line, e.g. {@code ssh-ed25519 AAAA... ssh_host_ed25519_key}. */
    public String hostPublicKeyLine() {
        try {
            return Files.readString(hostPublicKey).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path hostPublicKeyFile() {
        return hostPublicKey;
    }

    /** A known_hosts line for this server: {@code [127.0.0.1]:PORT ssh-ed25519 AAAA...}. */
    public String knownHostsLine() {
        String[] parts = hostPublicKeyLine().split("\\s+");
        return "[127.0.0.1]:" + port + " " + parts[0] + " " + parts[1];
    }

    public Path configFile() {
        return configFile;
    }

    public Path directory() {
        return directory;
    }

    /** sshd's log (it runs with -e, so everything goes to stderr). */
    public ProcessOutput stderr() {
        return stderr;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /** Kills sshd and its per-connection children, waits for them, removes its own temp directory. */
    @Override
    public void close() {
        ChildProcesses.killTree(process, Duration.ofSeconds(10));
        stderr.awaitEnd(Duration.ofSeconds(2));
        if (ownsDirectory) {
            TempDirs.deleteQuietly(directory);
        }
    }
}
