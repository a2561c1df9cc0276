package alknet.interop;

import alknet.testsupport.AlknetTestNodes;
import alknet.testsupport.OpenSshClient;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An in-process alknet server ({@link AlknetTestNodes}) plus a known_hosts file pinning its host key, so the
 * real {@code ssh} talks to it with {@code StrictHostKeyChecking=yes} and the authorized client key.
 */
final class AlknetServerForOpenSsh implements AutoCloseable {
    private final AlknetTestNodes nodes;
    private final Path knownHosts;

    private AlknetServerForOpenSsh(AlknetTestNodes nodes, Path knownHosts) {
        this.nodes = nodes;
        this.knownHosts = knownHosts;
    }

    static AlknetServerForOpenSsh start() throws Exception {
        AlknetTestNodes nodes = AlknetTestNodes.start();
        try {
            // ServeOptions.dataDir(dir) uses dir/host_ed25519; its .pub sits beside it
            String[] hostKey = Files.readString(nodes.dir().resolve("host_ed25519.pub")).trim().split("\\s+");
            Path knownHosts = nodes.dir().resolve("ssh_known_hosts");
            Files.writeString(knownHosts,
                    "[127.0.0.1]:" + nodes.server().sshPort() + " " + hostKey[0] + " " + hostKey[1] + "\n");
            return new AlknetServerForOpenSsh(nodes, knownHosts);
        } catch (Exception | Error e) {
            nodes.close();
            throw e;
        }
    }

    /** {@code ssh -p PORT -i clientKey} with the host key pinned; add the forwarding args and start(). */
    OpenSshClient.Builder ssh() {
        return OpenSshClient.builder().port(sshPort()).identity(nodes.clientKey()).knownHosts(knownHosts);
    }

    int sshPort() {
        return nodes.server().sshPort();
    }

    AlknetTestNodes nodes() {
        return nodes;
    }

    @Override
    public void close() throws Exception {
        nodes.close();
    }
}
