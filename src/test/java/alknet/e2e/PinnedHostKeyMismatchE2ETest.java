package alknet.e2e;

import alknet.client.HostKeyMismatchException;
import alknet.testsupport.AlknetTestNodes;
import alknet.testsupport.SshKeyPair;
import alknet.testsupport.SshKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.util.concurrent.ExecutionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Acceptance 9, pinned fingerprint: a client pinned (--host-key-fingerprint) to another key than the server's
 * refuses the server: firstSession fails with HostKeyMismatchException naming both fingerprints, and the
 * known_hosts file is not written.
 */
@Timeout(60)
class PinnedHostKeyMismatchE2ETest {
    @Test
    void wrongPinnedFingerprintFailsFirstSession() throws Exception {
        try (AlknetTestNodes nodes = AlknetTestNodes.start()) {
            SshKeyPair other = SshKeys.generateEd25519(nodes.dir(), "other_host_ed25519");
            assertThat(other.fingerprint()).isNotEqualTo(nodes.server().hostKeyFingerprint());
            long started = System.nanoTime();
            Throwable failure = catchThrowable(() -> nodes.connect(o -> o.hostKeyFingerprint(other.fingerprint())));
            assertThat((System.nanoTime() - started) / 1_000_000).as("refused at once (ms)").isLessThan(10_000);
            assertThat(failure).isInstanceOf(ExecutionException.class);
            assertThat(failure.getCause()).isInstanceOf(HostKeyMismatchException.class);
            assertThat(failure.getCause().getMessage())
                    .contains(other.fingerprint())
                    .contains(nodes.server().hostKeyFingerprint());
            assertThat(Files.exists(nodes.dir().resolve("known_hosts"))).as("known_hosts written").isFalse();
        }
    }
}
