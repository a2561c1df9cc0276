package alknet.e2e;

import alknet.client.AuthenticationRefusedException;
import alknet.testsupport.AlknetTestNodes;
import alknet.testsupport.LogCollector;
import alknet.testsupport.SshKeyPair;
import alknet.testsupport.SshKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.ExecutionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Acceptance 6, unknown key: a client whose key is not in authorized_keys is refused at once (firstSession
 * fails with AuthenticationRefusedException, no endless retry), and the server writes the fail2ban line
 * {@code auth attempt remote_addr=127.0.0.1 ... key_fingerprint=SHA256:... result=reject ... reason=unknown-key}.
 */
@Timeout(60)
class UnknownKeyRefusedE2ETest {
    @Test
    void unknownKeyIsRefusedAndLogged() throws Exception {
        LogCollector.installInProcess();
        int mark = LogCollector.mark();
        try (AlknetTestNodes nodes = AlknetTestNodes.start()) {
            SshKeyPair stranger = SshKeys.generateEd25519(nodes.dir(), "stranger_ed25519");
            long started = System.nanoTime();
            Throwable failure = catchThrowable(() -> nodes.connect(o -> o.identity(stranger.privateKey())));
            long millis = (System.nanoTime() - started) / 1_000_000;

            assertThat(failure).isInstanceOf(ExecutionException.class);
            assertThat(failure.getCause()).isInstanceOf(AuthenticationRefusedException.class);
            assertThat(millis).as("refusal is reported at once, not after retries").isLessThan(10_000);

            List<String> rejects = LogCollector.linesSince(mark).stream()
                    .filter(l -> l.startsWith("auth attempt ") && l.contains("result=reject"))
                    .toList();
            assertThat(rejects).as("server auth reject lines").isNotEmpty();
            assertThat(rejects).allSatisfy(line -> assertThat(line)
                    .contains("remote_addr=127.0.0.1 ")
                    .containsPattern("remote_port=\\d+")
                    .contains("user=tester")
                    .contains("key_fingerprint=" + stranger.fingerprint())
                    .contains("method=publickey")
                    .contains("reason=unknown-key"));
            assertThat(LogCollector.linesSince(mark)).noneMatch(l -> l.startsWith("auth attempt") && l.contains("result=accept"));
        }
    }
}
