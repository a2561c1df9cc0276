package alknet.e2e;

import alknet.api.Limits;
import alknet.testsupport.AlknetTestNodes;
import alknet.testsupport.LogCollector;
import alknet.testsupport.OpenSshClient;
import alknet.testsupport.SshKeyPair;
import alknet.testsupport.SshKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Acceptance 6, --max-auth-attempts: OpenSSH {@code ssh} offers five unknown keys one after another on one
 * connection; with max-auth-attempts=2 the server disconnects after two failures, so the other keys are never
 * tried (each tried key leaves exactly one {@code result=reject} line).
 */
@Timeout(60)
class MaxAuthAttemptsE2ETest {
    private static final int MAX_AUTH_ATTEMPTS = 2;
    private static final int KEYS = 5;

    @Test
    void connectionIsClosedAfterMaxFailedAttempts() throws Exception {
        LogCollector.installInProcess();
        int mark = LogCollector.mark();
        try (AlknetTestNodes nodes = AlknetTestNodes.start(o -> o.limits(
                new Limits(0, MAX_AUTH_ATTEMPTS, Limits.DEFAULT_MAX_STARTUPS, Duration.ofSeconds(30))))) {
            List<SshKeyPair> keys = new ArrayList<>();
            List<String> identityArgs = new ArrayList<>();
            for (int i = 0; i < KEYS; i++) {
                SshKeyPair key = SshKeys.generateEd25519(nodes.dir(), "unknown" + i);
                keys.add(key);
                identityArgs.add("-i");
                identityArgs.add(key.privateKey().toString());
            }
            identityArgs.add("-v");
            identityArgs.add("-N");
            try (OpenSshClient ssh = OpenSshClient.builder().port(nodes.server().sshPort()).user("tester")
                    .option("PreferredAuthentications", "publickey")
                    .args(identityArgs.toArray(String[]::new)).start()) {
                int exit = ssh.exitCode(Duration.ofSeconds(20));
                assertThat(exit).as("ssh exit code (255 = connection or auth failure)").isEqualTo(255);
                String stderr = ssh.stderr().text();

                List<String> rejects = LogCollector.linesSince(mark).stream()
                        .filter(l -> l.startsWith("auth attempt ") && l.contains("result=reject")).toList();
                List<Integer> triedKeys = new ArrayList<>();
                for (int i = 0; i < KEYS; i++) {
                    String fp = keys.get(i).fingerprint();
                    if (rejects.stream().anyMatch(l -> l.contains("key_fingerprint=" + fp))) {
                        triedKeys.add(i);
                    }
                }
                assertThat(rejects).as("reject lines; ssh stderr:\n" + stderr).hasSize(MAX_AUTH_ATTEMPTS);
                assertThat(triedKeys).as("keys the server saw").containsExactly(0, 1);
                assertThat(stderr).as("ssh saw the server close the connection")
                        .containsAnyOf("Too many authentication failures", "Connection closed", "Received disconnect",
                                "Disconnected from", "Connection reset");
                assertThat(stderr).doesNotContain("Authenticated to");
            }
        }
    }
}
