package alknet.e2e;

import alknet.testsupport.AlknetProcess;
import alknet.testsupport.FreePorts;
import alknet.testsupport.SshKeyPair;
import alknet.testsupport.SshKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Keys and command lines for alknet server and client PROCESSES on 127.0.0.1 (the packaged jar), for
 * the failsafe ITs: one host key (so a restarted server is the same server), one authorized client key.
 */
final class ProcessNodes {
    static final Duration START = Duration.ofSeconds(40);

    final Path dir;
    final SshKeyPair host;
    final SshKeyPair client;
    final Path authorizedKeys;
    final int sshPort;

    ProcessNodes() throws Exception {
        dir = Files.createTempDirectory("alknet-it-");
        host = SshKeys.generateEd25519(dir, "host_ed25519");
        client = SshKeys.generateEd25519(dir, "id_ed25519");
        authorizedKeys = SshKeys.writeAuthorizedKeys(dir.resolve("authorized_keys"), client.publicKeyLine());
        sshPort = FreePorts.pick();
    }

    /** Starts {@code alknet serve} on {@link #sshPort} and waits for "server listening". */
    AlknetProcess startServer(String name, List<String> jvmArgs, String... extra) {
        List<String> args = new ArrayList<>(List.of("serve", "--listen", "127.0.0.1:" + sshPort,
                "--ops-listen", "127.0.0.1:" + FreePorts.pick(), "--key", host.privateKey().toString(),
                "--authorized-keys", authorizedKeys.toString(), "--data-dir", dir.resolve("server-data").toString()));
        args.addAll(List.of(extra));
        AlknetProcess.Builder builder = AlknetProcess.builder().name(name).home(dir).args(args);
        if (jvmArgs != null) {
            builder.jvmArgs(jvmArgs.toArray(String[]::new));
        }
        AlknetProcess server = builder.start();
        server.awaitStderrLine("server listening", START);
        return server;
    }

    /** Starts {@code alknet connect} to the server (pinned host key); does not wait. */
    AlknetProcess startClient(String name, List<String> jvmArgs, String... extra) {
        List<String> args = new ArrayList<>(List.of("connect", "--server", "127.0.0.1:" + sshPort,
                "--identity", client.privateKey().toString(), "--user", "tester",
                "--known-hosts", dir.resolve("known_hosts").toString(),
                "--host-key-fingerprint", host.fingerprint()));
        args.addAll(List.of(extra));
        AlknetProcess.Builder builder = AlknetProcess.builder().name(name).home(dir).args(args);
        if (jvmArgs != null) {
            builder.jvmArgs(jvmArgs.toArray(String[]::new));
        }
        return builder.start();
    }
}
