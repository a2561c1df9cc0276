package alknet.security;

import alknet.testsupport.AlknetProcess;
import alknet.testsupport.FreePorts;
import alknet.testsupport.OpenSshClient;
import alknet.testsupport.SshKeyPair;
import alknet.testsupport.SshKeys;
import alknet.testsupport.TempDirs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * {@code alknet serve} as a real process (the packaged jar) on 127.0.0.1 with fresh keys from ssh-keygen: the SSH
 * listener on port 0 (the port is read from its {@code server listening} line), ops on a free port. Gives a pinned
 * OpenSSH client builder and {@code alknet connect} command lines for it.
 */
final class ServeProcess implements AutoCloseable {
    static final Duration START = Duration.ofSeconds(40);
    /** JVM options for {@code alknet connect} processes: small and quick to start (C1 only). */
    static final String[] CLIENT_JVM = {"-XX:+UseSerialGC", "-Xmx128m", "-XX:TieredStopAtLevel=1"};
    private static final Pattern LISTENING = Pattern.compile("server listening transport=\\S+ port=(\\d+)");

    private final Path dir;
    private final SshKeyPair hostKey;
    private final SshKeyPair clientKey;
    private final AlknetProcess process;
    private final int sshPort;
    private final int opsPort;
    private final Path knownHosts;

    private ServeProcess(Path dir, SshKeyPair hostKey, SshKeyPair clientKey, AlknetProcess process, int sshPort,
                         int opsPort) {
        this.dir = dir;
        this.hostKey = hostKey;
        this.clientKey = clientKey;
        this.process = process;
        this.sshPort = sshPort;
        this.opsPort = opsPort;
        this.knownHosts = dir.resolve("ssh_known_hosts");
        try {
            String[] key = hostKey.publicKeyLine().split("\\s+");
            Files.writeString(knownHosts, "[127.0.0.1]:" + sshPort + " " + key[0] + " " + key[1] + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ServeProcess start(String name, String... extraArgs) throws IOException {
        return start(name, b -> { }, extraArgs);
    }

    /** Starts the server with {@code extraArgs} after the basic ones; {@code customize} sets JVM, java, launcher. */
    static ServeProcess start(String name, Consumer<AlknetProcess.Builder> customize, String... extraArgs)
            throws IOException {
        Path dir = Files.createTempDirectory("alknet-sec-");
        SshKeyPair host = SshKeys.generateEd25519(dir, "host_ed25519");
        SshKeyPair client = SshKeys.generateEd25519(dir, "id_ed25519");
        Path authorized = SshKeys.writeAuthorizedKeys(dir.resolve("authorized_keys"), client.publicKeyLine());
        int opsPort = FreePorts.pick();
        List<String> args = new ArrayList<>(List.of("serve", "--listen", "127.0.0.1:0",
                "--ops-listen", "127.0.0.1:" + opsPort, "--key", host.privateKey().toString(),
                "--authorized-keys", authorized.toString(), "--data-dir", dir.resolve("data").toString()));
        args.addAll(List.of(extraArgs));
        AlknetProcess.Builder builder = AlknetProcess.builder().name(name).home(dir).args(args);
        customize.accept(builder);
        AlknetProcess process = builder.start();
        try {
            int sshPort = Integer.parseInt(process.stderr().awaitMatch(LISTENING, START).group(1));
            return new ServeProcess(dir, host, client, process, sshPort, opsPort);
        } catch (RuntimeException | Error e) {
            process.close();
            TempDirs.deleteQuietly(dir);
            throw e;
        }
    }

    int sshPort() {
        return sshPort;
    }

    int opsPort() {
        return opsPort;
    }

    AlknetProcess process() {
        return process;
    }

    Path dir() {
        return dir;
    }

    SshKeyPair clientKey() {
        return clientKey;
    }

    SshKeyPair hostKey() {
        return hostKey;
    }

    /** {@code ssh -p PORT -i clientKey} with the host key pinned (StrictHostKeyChecking=yes). */
    OpenSshClient.Builder ssh() {
        return OpenSshClient.builder().port(sshPort).identity(clientKey.privateKey()).knownHosts(knownHosts);
    }

    /** {@code alknet connect} to this server with the pinned host key and the client key, plus {@code extra}. */
    AlknetProcess.Builder client(String name, String... extra) {
        List<String> args = new ArrayList<>(List.of("connect", "--server", "127.0.0.1:" + sshPort,
                "--identity", clientKey.privateKey().toString(), "--user", "tester",
                "--known-hosts", dir.resolve("known_hosts").toString(),
                "--host-key-fingerprint", hostKey.fingerprint()));
        args.addAll(List.of(extra));
        return AlknetProcess.builder().name(name).home(dir).jvmArgs(CLIENT_JVM).args(args);
    }

    /** Lines of the server's stderr (its log) that contain {@code text}. */
    List<String> logLines(String text) {
        return process.stderrLines().stream().filter(l -> l.contains(text)).toList();
    }

    /** Kills the server (SIGKILL if still running) and deletes its directory. */
    @Override
    public void close() {
        try {
            process.close();
        } finally {
            TempDirs.deleteQuietly(dir);
        }
    }
}
