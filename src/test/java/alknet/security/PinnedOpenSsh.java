package alknet.security;

import alknet.testsupport.AlknetTestNodes;
import alknet.testsupport.OpenSshClient;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The real {@code ssh} against an in-process server ({@link AlknetTestNodes}) with its host key pinned. */
final class PinnedOpenSsh {
    private PinnedOpenSsh() {}

    /** {@code ssh -p PORT -i clientKey}, StrictHostKeyChecking=yes against a known_hosts file holding the host key. */
    static OpenSshClient.Builder to(AlknetTestNodes nodes) throws IOException {
        Path knownHosts = nodes.dir().resolve("ssh_known_hosts");
        if (!Files.exists(knownHosts)) {
            // ServeOptions.dataDir(dir) uses dir/host_ed25519; its .pub sits beside it
            String[] hostKey = Files.readString(nodes.dir().resolve("host_ed25519.pub")).trim().split("\\s+");
            Files.writeString(knownHosts,
                    "[127.0.0.1]:" + nodes.server().sshPort() + " " + hostKey[0] + " " + hostKey[1] + "\n");
        }
        return OpenSshClient.builder().port(nodes.server().sshPort()).identity(nodes.clientKey()).knownHosts(knownHosts);
    }
}
