package alknet.e2e;

import alknet.auth.PrivateKeyFiles;
import alknet.auth.TokenIssuer;
import alknet.testsupport.AlknetTestNodes;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.core.CoreModuleProperties;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A valid token of an authorized key is never SSH authentication (20-auth-config.md section 3): the server offers
 * public key only, so a client presenting the token as a password or keyboard-interactive answer is refused.
 */
class TokenIsNotSshAuthE2ETest {
    @Test
    void aValidTokenOfferedAsPasswordIsRefused() throws Exception {
        try (AlknetTestNodes nodes = AlknetTestNodes.start()) {
            String token = new TokenIssuer(PrivateKeyFiles.load(nodes.clientKey()), Clock.systemUTC())
                    .issue(Duration.ofMinutes(5));
            SshClient client = SshClient.setUpDefaultClient();
            client.setServerKeyVerifier((s, a, k) -> true);
            CoreModuleProperties.PASSWORD_PROMPTS.set(client, 1);
            client.start();
            try (ClientSession session = client.connect("tester", "127.0.0.1", nodes.server().sshPort())
                    .verify(Duration.ofSeconds(10)).getSession()) {
                session.addPasswordIdentity(token);
                assertThatThrownBy(() -> session.auth().verify(Duration.ofSeconds(10)))
                        .hasMessageContaining("No more authentication methods");
                assertThat(session.isAuthenticated()).isFalse();
            } finally {
                client.stop();
            }
        }
    }
}
